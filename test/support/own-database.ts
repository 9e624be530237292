import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { inject } from "vitest";
import { setDatabaseForTests } from "@/db/client";
import { connectPglite, connectPostgres, rowsOf, type Database } from "@/db/connection";
import { prepareDatabase } from "@/db/prepare";
import type { BackupTarget } from "@/lib/backup/backup-file";
import { seedDatabase } from "@/lib/demo";
import { env } from "@/lib/env";
import { createThrowawayDatabase } from "./postgres";

export const isPostgres = process.env.TEST_DB_KIND === "postgres";

/**
 * A database of this test file's alone that survives being closed and opened again: a throw-away
 * PostgreSQL database (migrated and seeded), or an embedded one in a temporary folder (a copy of the
 * run's template). For tests that back up, wipe or re-key a whole database, which the run's shared
 * PostgreSQL database must not see. `open` connects to it and makes it the tests' database.
 */
export async function ownDatabase() {
  let target: BackupTarget;
  let dispose: () => Promise<void>;
  let first: Database;
  if (isPostgres) {
    const { url, drop } = await createThrowawayDatabase("own");
    first = connectPostgres(url, 4);
    await prepareDatabase(first, {
      quiet: true,
      seed: (db) => seedDatabase(db, { hallCode: env().HALL_CODE, demo: false }),
    });
    target = { kind: "postgres", url };
    dispose = drop;
  } else {
    const root = mkdtempSync(path.join(tmpdir(), "yichuang-own-"));
    const dir = path.join(root, "pglite");
    first = await connectPglite(dir, new Blob([readFileSync(inject("pgliteTemplate"))]));
    target = { kind: "pglite", dir };
    dispose = async () => rmSync(root, { recursive: true, force: true });
  }
  let current: Database | undefined = first;
  setDatabaseForTests(Promise.resolve(first));
  return {
    target,
    /** Connect again (after a restore) and make it the tests' database. */
    async open() {
      await current?.close();
      current = target.kind === "postgres" ? connectPostgres(target.url, 4) : await connectPglite(target.dir);
      setDatabaseForTests(Promise.resolve(current));
      return current;
    },
    /** Close the connection (an embedded database must be closed before it is backed up or replaced). */
    async close() {
      await current?.close();
      current = undefined;
    },
    async dispose() {
      await current?.close();
      current = undefined;
      await dispose();
    },
  };
}

/** Every table of the public schema: its row count and a digest of its rows, to compare two databases. */
export async function tableDigests(database: Database): Promise<Record<string, string>> {
  const tables = rowsOf<{ name: string }>(
    await database.db.execute(
      sql.raw("select tablename as name from pg_tables where schemaname = 'public' order by tablename"),
    ),
  );
  const digests: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = rowsOf<{ n: number; digest: string | null }>(
      await database.db.execute(
        sql.raw(`select count(*)::int as n, md5(string_agg(t::text, '|' order by t::text)) as digest from "${name}" t`),
      ),
    );
    digests[name] = `${row.n} ${row.digest ?? "-"}`;
  }
  return digests;
}
