// `npm run backup [-- --out FILE]`: back up the database the environment names (DATABASE_URL's
// PostgreSQL with pg_dump, or the embedded one in PGLITE_DIR) to a file, and print its path.
// lib/backup/create-backup.ts does the work.
import { parseArgs } from "node:util";
import { BackupError, backupTarget, defaultBackupPath } from "@/lib/backup/backup-file";
import { createBackup } from "@/lib/backup/create-backup";
import { piiKeys } from "@/lib/crypto";

async function main() {
  const { values } = parseArgs({ options: { out: { type: "string" } } });
  const target = backupTarget();
  const { current, previous } = piiKeys();
  const keyIds = previous ? [current.id, previous.id] : [current.id];
  const { file, header } = await createBackup(target, values.out ?? defaultBackupPath(target.kind), keyIds);
  console.log(file);
  console.error(
    `Backed up the ${target.kind === "postgres" ? "PostgreSQL" : "embedded"} database: ${(header.payloadBytes / 1e6).toFixed(1)} MB, encryption key ${keyIds.join(" and ")}.\n` +
      "Keep the encryption key (ENCRYPTION_KEY, or DATA_DIR/secrets.json in the embedded mode) safe and apart from the backups: without it the phone and ID numbers in them cannot be read.",
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof BackupError ? error.message : error);
  process.exit(1);
});
