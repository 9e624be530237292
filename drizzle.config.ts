import { defineConfig } from "drizzle-kit";

// Migrations are generated from db/schema.ts and committed; the app applies them at start-up
// (applyMigrations in db/prepare.ts, from instrumentation.ts through db/client.ts), so drizzle-kit
// is only needed to generate new ones.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
  strict: true,
});
