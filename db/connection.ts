import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { keepCommitHooks } from "@/db/after-commit";
import { queuedPglite } from "@/db/pglite-queue";
import * as schema from "@/db/schema";
import { env } from "@/lib/env";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** `db.execute` answers `{ rows }` on PGlite and a plain array on postgres.js. */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}

export type Database =
  | { kind: "pglite"; db: Db; client: PGlite; close: () => Promise<void> }
  | { kind: "postgres"; db: Db; client: postgres.Sql; url: string; close: () => Promise<void> };

export function connectPostgres(
  url: string,
  max = env().DATABASE_POOL_SIZE,
  options: { prepare?: boolean } = {},
): Database {
  const prepare = options.prepare ?? env().DATABASE_PREPARE;
  const client = postgres(url, { max, prepare, onnotice: () => {}, connection: { TimeZone: "Asia/Shanghai" } });
  const db = keepCommitHooks(drizzlePostgres({ client: preparingStatements(client), schema }) as unknown as Db);
  return { kind: "postgres", db, client, url, close: () => client.end({ timeout: 5 }) };
}

/**
 * drizzle 0.45 asks postgres.js for an unnamed statement unless a query was given a name
 * (`.prepare("name")`): each statement with parameters is then a Parse/Describe round trip and a
 * Bind/Execute round trip, parsed and planned afresh. This view of the client asks for a named
 * statement every time, in transactions and savepoints too: postgres.js keeps one per distinct
 * text and connection and sends only Bind/Execute from the second use on. The client's own
 * `prepare: false` (DATABASE_PREPARE=0) still wins. See docs/decisions/007-prepared-statements.md.
 */
function preparingStatements(sql: postgres.Sql): postgres.Sql {
  type Scope = (scoped: postgres.Sql) => unknown;
  const withScope =
    (open: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) => {
      const fn = args.pop() as Scope;
      return open(...args, (scoped: postgres.Sql) => fn(preparingStatements(scoped)));
    };
  return new Proxy(sql, {
    get(target, property) {
      const value = Reflect.get(target, property);
      if (property === "unsafe")
        return (query: string, params?: unknown[], options?: object) =>
          target.unsafe(query, params as never, { ...options, prepare: true });
      if (property === "begin" || property === "savepoint")
        return withScope((value as (...args: unknown[]) => unknown).bind(target));
      return value;
    },
  });
}

export async function connectPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<Database> {
  const client = await PGlite.create(dataDir ?? "memory://", loadDataDir ? { loadDataDir } : {});
  await client.exec("SET TIME ZONE 'Asia/Shanghai'");
  // drizzle reaches the one connection through a queue that serves requests in the order they came
  // (db/pglite-queue.ts); listen and dumps use the PGlite itself.
  const queued = queuedPglite(client);
  const db = keepCommitHooks(drizzlePglite({ client: queued as unknown as PGlite, schema }) as unknown as Db);
  return { kind: "pglite", db, client, close: () => queued.queue.run(() => client.close()) };
}

// PGlite is single-process: a second process on the same folder silently loses writes. A pid
// file makes the second one refuse to start instead.
export function claimPgliteDir(dir: string) {
  const lock = `${dir}.pid`;
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, "utf8"));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`The embedded database ${dir} is in use by process ${pid}; stop it first or set PGLITE_DIR.`);
    }
  }
  writeFileSync(lock, String(process.pid));
  const release = () => rmSync(lock, { force: true });
  process.once("exit", release);
  return release;
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The process's database as the environment says: DATABASE_URL → PostgreSQL, else PGlite. */
export async function openDatabase(): Promise<Database> {
  const config = env();
  if (config.DATABASE_URL) return connectPostgres(config.DATABASE_URL);
  if (config.PGLITE_DIR.startsWith("memory://")) return connectPglite(undefined);
  const dir = path.resolve(config.PGLITE_DIR);
  mkdirSync(path.dirname(dir), { recursive: true });
  const release = claimPgliteDir(dir);
  const database = await connectPglite(dir);
  return {
    ...database,
    close: async () => {
      await database.close();
      release();
    },
  } as Database;
}
