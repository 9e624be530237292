import path from "node:path";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { rowsOf, type Database, type Db } from "@/db/connection";
import * as schema from "@/db/schema";

export const MIGRATIONS_DIR = path.join(process.cwd(), "db", "migrations");
// Any constant will do; it only has to be the same for every instance of the app.
const STARTUP_LOCK = 7_311_002;

async function countApplied(db: Db): Promise<number> {
  const [table] = rowsOf<{ n: number }>(
    await db.execute(
      sql`select count(*)::int as n from information_schema.tables where table_schema = 'drizzle' and table_name = '__drizzle_migrations'`,
    ),
  );
  if (!table?.n) return 0;
  const [applied] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`),
  );
  return applied?.n ?? 0;
}

/**
 * Run `work` with the start-up lock held: on PostgreSQL several app instances may start at once,
 * and only one may migrate and seed at a time. PGlite lives in one process, so no lock is needed.
 */
async function withStartupLock(database: Database, work: (db: Db) => Promise<void>) {
  if (database.kind === "pglite") return work(database.db);
  const connection = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    await connection`select pg_advisory_lock(${STARTUP_LOCK})`;
    await work(drizzlePostgres({ client: connection, schema }) as unknown as Db);
  } finally {
    await connection`select pg_advisory_unlock(${STARTUP_LOCK})`.catch(() => {});
    await connection.end({ timeout: 5 });
  }
}

/** Apply the committed migrations; returns how many were applied now and in all. */
export async function applyMigrations(kind: Database["kind"], db: Db) {
  const before = await countApplied(db);
  if (kind === "pglite") await migratePglite(db as never, { migrationsFolder: MIGRATIONS_DIR });
  else await migratePostgres(db as never, { migrationsFolder: MIGRATIONS_DIR });
  const after = await countApplied(db);
  return { appliedNow: after - before, total: after };
}

/** What start-up puts into the migrated database (lib/demo's seedDatabase), told where to log. */
export type SeedDatabase = (db: Db, log: (message: string) => void) => Promise<void>;

/**
 * Migrate, then seed, under the start-up lock. The seeding is handed in from above (start-up in
 * instrumentation.ts, the test set-up): db/ knows the schema, not the catalogue or the demo.
 */
export async function prepareDatabase(database: Database, options: { quiet?: boolean; seed?: SeedDatabase } = {}) {
  const log = options.quiet ? () => {} : (message: string) => console.log(`[yichuang] ${message}`);
  await withStartupLock(database, async (db) => {
    const migrations = await applyMigrations(database.kind, db);
    log(`database: ${database.kind}, migrations applied now: ${migrations.appliedNow}, in all: ${migrations.total}`);
    await options.seed?.(db, log);
  });
}
