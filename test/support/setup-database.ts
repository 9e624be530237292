import { readFileSync } from "node:fs";
import { afterAll, inject } from "vitest";
import { setDatabaseForTests } from "@/db/client";
import { connectPglite, connectPostgres, type Database } from "@/db/connection";
import { queueFeedsSettled } from "@/lib/queue/stream";

// Each test file gets its own database: a copy of the PGlite template, or a pool on the
// run's PostgreSQL database. Tests make their own data, so files never depend on each other.
const isPostgres = process.env.TEST_DB_KIND === "postgres";

const database: Promise<Database> = isPostgres
  ? Promise.resolve(connectPostgres(inject("postgresUrl"), 10))
  : connectPglite(undefined, new Blob([readFileSync(inject("pgliteTemplate"))]));

setDatabaseForTests(database);

afterAll(async () => {
  // A queue snapshot still being built (for a stream that hung up) must finish first.
  await queueFeedsSettled();
  await (await database).close();
});
