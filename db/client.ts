import { prepareDatabase, type SeedDatabase } from "@/db/prepare";
import { openDatabase, type Database } from "@/db/connection";

export type { Database, Db, Tx } from "@/db/connection";

// One database per process, kept on globalThis: Next.js may evaluate this module more than once
// (instrumentation, route bundles, hot reload), and two PGlite instances on one folder lose writes.
const holder = globalThis as typeof globalThis & {
  __yichuangDatabase?: Promise<Database>;
  __yichuangSeed?: SeedDatabase;
};

/**
 * How to seed the database after migrating it: start-up (instrumentation.ts) registers lib/demo's
 * seeding before the first use, so that db/ need not import it.
 */
export function registerDatabaseSeed(seed: SeedDatabase) {
  holder.__yichuangSeed = seed;
}

function assertNotBuilding() {
  if (process.env.NEXT_PHASE === "phase-production-build") {
    throw new Error("The database was accessed during `next build`: mark the page or route dynamic.");
  }
}

/** The process's database, migrated and seeded on first use. */
export function getDatabase(): Promise<Database> {
  assertNotBuilding();
  holder.__yichuangDatabase ??= (async () => {
    const seed = holder.__yichuangSeed;
    if (!seed) throw new Error("No database seed registered: instrumentation.ts registers it at start-up.");
    const database = await openDatabase();
    await prepareDatabase(database, { seed });
    return database;
  })().catch((error: unknown) => {
    holder.__yichuangDatabase = undefined;
    throw error;
  });
  return holder.__yichuangDatabase;
}

export async function getDb() {
  return (await getDatabase()).db;
}

/**
 * At shutdown: close the process's database once the work on it is done (PGlite's files left
 * consistent and its folder released; postgres.js's connections ended). Bounded: a connection that
 * does not close in 10 s is left to the exit.
 */
export async function closeDatabase() {
  const opened = holder.__yichuangDatabase;
  if (!opened) return;
  const database = await opened.catch(() => null);
  if (!database) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    database.close(),
    new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        console.warn("[yichuang] the database did not close within 10 s");
        resolve();
      }, 10_000);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Tests install their own (in-memory or throw-away) database. */
export function setDatabaseForTests(database: Promise<Database>) {
  holder.__yichuangDatabase = database;
}
