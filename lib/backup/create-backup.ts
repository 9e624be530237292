import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { claimPgliteDir } from "@/db/connection";
import {
  BackupError,
  runClientTool,
  sha256OfFile,
  writeBackupFile,
  type BackupHeader,
  type BackupTarget,
} from "@/lib/backup/backup-file";

/** The data directory of an embedded database, opened by this process alone, as a gzipped tar. */
async function dumpPglite(dir: string, payload: string) {
  if (!existsSync(path.join(dir, "PG_VERSION")))
    throw new BackupError(`There is no embedded database in ${dir} (PGLITE_DIR) to back up.`);
  let release: () => void;
  try {
    release = claimPgliteDir(dir);
  } catch (error) {
    throw new BackupError(
      `${(error as Error).message}\nThe embedded database can be read by one process at a time: stop the app (systemctl stop yichuang), back up, start it again.`,
    );
  }
  try {
    const client = await PGlite.create(dir);
    try {
      const dump = await client.dumpDataDir("gzip");
      writeFileSync(payload, Buffer.from(await dump.arrayBuffer()));
    } finally {
      await client.close();
    }
  } finally {
    release();
  }
}

/**
 * Back up the database to `out`: pg_dump (custom format) of DATABASE_URL, or the embedded
 * database's data directory. `keyIds` are the fingerprints of the keys the data is sealed under.
 */
export async function createBackup(
  target: BackupTarget,
  out: string,
  keyIds: string[],
): Promise<{ file: string; header: BackupHeader }> {
  const file = path.resolve(out);
  if (existsSync(file)) throw new BackupError(`${file} already exists: choose another --out.`);
  mkdirSync(path.dirname(file), { recursive: true });
  const work = mkdtempSync(path.join(tmpdir(), "yichuang-backup-"));
  try {
    const payload = path.join(work, "payload");
    if (target.kind === "postgres")
      await runClientTool("pg_dump", [
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        `--file=${payload}`,
        `--dbname=${target.url}`,
      ]);
    else await dumpPglite(target.dir, payload);
    const header: BackupHeader = {
      kind: target.kind,
      format: target.kind === "postgres" ? "pg_dump-custom" : "pglite-datadir-tgz",
      createdAt: new Date().toISOString(),
      keyIds,
      payloadBytes: statSync(payload).size,
      payloadSha256: await sha256OfFile(payload),
    };
    await writeBackupFile(file, header, payload);
    return { file, header };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
