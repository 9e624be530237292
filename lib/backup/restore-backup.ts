import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { claimPgliteDir } from "@/db/connection";
import {
  BackupError,
  readBackupHeader,
  runClientTool,
  type BackupHeader,
  type BackupTarget,
} from "@/lib/backup/backup-file";

export interface RestoreOptions {
  /** The fingerprints of this server's ENCRYPTION_KEY (first) and ENCRYPTION_KEY_PREVIOUS, if set. */
  keyIds: string[];
  /** Restore a backup made under another key (its phone and ID numbers will not be readable). */
  force?: boolean;
  /** Replace a database that already holds data. */
  overwrite?: boolean;
}

export interface RestoreResult {
  header: BackupHeader;
  /** Embedded mode: where the data directory that was replaced was kept. */
  keptAside?: string;
}

function checkKey(header: BackupHeader, options: RestoreOptions) {
  const unknown = header.keyIds.filter((id) => !options.keyIds.includes(id));
  if (unknown.length === 0 || options.force) return;
  const [current, previous] = options.keyIds;
  throw new BackupError(
    [
      `This backup was made under encryption key ${header.keyIds.join(" and ")}; this server has ${current} (ENCRYPTION_KEY)${previous ? ` and ${previous} (ENCRYPTION_KEY_PREVIOUS)` : ""}.`,
      "Restored under this key, its phone and ID numbers could not be read or found.",
      "Set ENCRYPTION_KEY to the key the backup was made with (embedded mode without ENCRYPTION_KEY: put back the",
      "DATA_DIR/secrets.json kept with it) and run restore again, or add --force to restore it anyway.",
    ].join("\n"),
  );
}

async function restorePostgres(url: string, file: string, payloadOffset: number, overwrite: boolean) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [{ tables }] = await sql<{ tables: number }[]>`
      select count(*)::int as tables from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
        and n.nspname not like 'pg\\_%'`;
    if (tables > 0 && !overwrite)
      throw new BackupError(
        `The database of DATABASE_URL is not empty (${tables} tables). Restoring replaces everything in it: stop the app, then add --overwrite (or restore into a new, empty database).`,
      );
    if (tables > 0) {
      const schemas = await sql<{ name: string }[]>`
        select nspname as name from pg_namespace
        where nspname not in ('pg_catalog', 'information_schema') and nspname not like 'pg\\_%'`;
      await sql.begin(async (tx) => {
        for (const { name } of schemas) await tx.unsafe(`drop schema "${name.replace(/"/g, '""')}" cascade`);
        await tx.unsafe("create schema public");
      });
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
  // One transaction: a restore that fails leaves the database as empty as it was before.
  await runClientTool(
    "pg_restore",
    ["--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges", `--dbname=${url}`],
    createReadStream(file, { start: payloadOffset }),
  );
}

async function restorePglite(dir: string, file: string, payloadOffset: number, overwrite: boolean) {
  const occupied = existsSync(dir) && readdirSync(dir).length > 0;
  if (occupied && !overwrite)
    throw new BackupError(
      `${dir} (PGLITE_DIR) already holds a database. Restoring replaces it: stop the app, then add --overwrite (the old folder is kept beside it).`,
    );
  mkdirSync(path.dirname(dir), { recursive: true });
  let release: () => void;
  try {
    release = claimPgliteDir(dir);
  } catch (error) {
    throw new BackupError(
      `${(error as Error).message}\nStop the app (systemctl stop yichuang), restore, start it again.`,
    );
  }
  const staging = `${dir}.restoring`;
  try {
    rmSync(staging, { recursive: true, force: true });
    const payload = readFileSync(file).subarray(payloadOffset);
    const client = await PGlite.create(staging, { loadDataDir: new Blob([payload]) });
    try {
      const { rows } = await client.query<{ tables: number }>(
        "select count(*)::int as tables from pg_tables where schemaname = 'public'",
      );
      if (rows[0].tables === 0) throw new BackupError(`${file} holds an empty database.`);
    } finally {
      await client.close();
    }
    let keptAside: string | undefined;
    if (existsSync(dir)) {
      keptAside = occupied ? `${dir}.before-restore-${new Date().toISOString().replace(/[-:.]/g, "")}` : undefined;
      if (keptAside) renameSync(dir, keptAside);
      else rmSync(dir, { recursive: true, force: true });
    }
    renameSync(staging, dir);
    return keptAside;
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    release();
  }
}

/**
 * Restore a backup made by `npm run backup` into the database the environment names. Refuses a
 * file that is damaged or of the other kind of database, a backup made under another encryption
 * key (unless `force`), and a database that already holds data (unless `overwrite`).
 */
export async function restoreBackup(
  target: BackupTarget,
  file: string,
  options: RestoreOptions,
): Promise<RestoreResult> {
  const { header, payloadOffset } = await readBackupHeader(path.resolve(file));
  if (header.kind !== target.kind)
    throw new BackupError(
      header.kind === "postgres"
        ? "This is a backup of a PostgreSQL database: set DATABASE_URL to the database to restore it into."
        : "This is a backup of the embedded database: unset DATABASE_URL and set PGLITE_DIR to restore it.",
    );
  checkKey(header, options);
  if (target.kind === "postgres") {
    await restorePostgres(target.url, path.resolve(file), payloadOffset, options.overwrite ?? false);
    return { header };
  }
  const keptAside = await restorePglite(target.dir, path.resolve(file), payloadOffset, options.overwrite ?? false);
  return { header, ...(keptAside ? { keptAside } : {}) };
}
