import { prepareDatabase } from "@/db/prepare";
import { openDatabase, type Database } from "@/db/connection";

export type { Database, Db, Tx } from "@/db/connection";

// One database per process, kept on globalThis: Next.js may evaluate this module more than once
// (instrumentation, route bundles, hot reload), and two PGlite instances on one folder lose writes.
const holder = globalThis as typeof globalThis & { __yichuangDatabase?: Promise<Database> };

function assertNotBuilding() {
  if (process.env.NEXT_PHASE === "phase-production-build") {
    throw new Error("The database was accessed during `next build`: mark the page or route dynamic.");
  }
}

/** The process's database, migrated and seeded on first use. */
export function getDatabase(): Promise<Database> {
  assertNotBuilding();
  holder.__yichuangDatabase ??= (async () => {
    const database = await openDatabase();
    await prepareDatabase(database);
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

/** Tests install their own (in-memory or throw-away) database. */
export function setDatabaseForTests(database: Promise<Database>) {
  holder.__yichuangDatabase = database;
}
