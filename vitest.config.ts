import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const shared = {
  resolve: {
    alias: {
      "@": root,
      // `server-only` guards against client bundles; in tests we are the server.
      "server-only": path.join(root, "test/support/server-only.ts"),
    },
  },
};
const testEnv = {
  NODE_ENV: "test" as const,
  // Fixed test keys: nothing is written to ./.data by a test run.
  ENCRYPTION_KEY: "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
  NEXTAUTH_SECRET: "test-secret-test-secret-test-secret-0123",
  DATABASE_URL: "",
  DEMO: "0",
  HALL_CODE: "qianchuan",
  // Every parallel request of a test comes from one address; the limiter has a test of its own.
  RATE_LIMIT_PER_MINUTE: "0",
  // Per kiosk device; the queue tests take it up to the limit once.
  KIOSK_TICKETS_PER_MINUTE: "60",
  // Test files run side by side on one PostgreSQL (max_connections 100 in CI): a smaller pool each.
  DATABASE_POOL_SIZE: "10",
};
const postgresUrl = process.env.TEST_DATABASE_URL;

export default defineConfig({
  ...shared,
  test: {
    env: testEnv,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    projects: [
      { ...shared, test: { name: "unit", env: testEnv, include: ["test/unit/**/*.test.ts"] } },
      {
        ...shared,
        test: {
          name: "pglite",
          env: testEnv,
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/support/global-pglite.ts"],
          setupFiles: ["test/support/setup-database.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      ...(postgresUrl
        ? [
            {
              ...shared,
              test: {
                name: "postgres",
                env: { ...testEnv, TEST_DB_KIND: "postgres" },
                include: ["test/integration/**/*.test.ts"],
                globalSetup: ["test/support/global-postgres.ts"],
                setupFiles: ["test/support/setup-database.ts"],
                testTimeout: 120_000,
                hookTimeout: 120_000,
              },
            },
          ]
        : []),
    ],
  },
});
