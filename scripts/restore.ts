// `npm run restore -- FILE [--overwrite] [--force]`: restore a backup of `npm run backup` into the
// database the environment names. lib/backup/restore-backup.ts does the work.
import { parseArgs } from "node:util";
import { BackupError, backupTarget } from "@/lib/backup/backup-file";
import { restoreBackup } from "@/lib/backup/restore-backup";
import { piiKeys } from "@/lib/crypto";

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { overwrite: { type: "boolean" }, force: { type: "boolean" } },
  });
  if (positionals.length !== 1)
    throw new BackupError(
      "Usage: npm run restore -- FILE [--overwrite] [--force]\n  --overwrite  replace a database that already holds data\n  --force      restore a backup made under another encryption key",
    );
  const target = backupTarget();
  const { current, previous } = piiKeys();
  const keyIds = previous ? [current.id, previous.id] : [current.id];
  const { header, keptAside } = await restoreBackup(target, positionals[0], {
    keyIds,
    force: values.force,
    overwrite: values.overwrite,
  });
  console.log(
    `Restored the backup of ${header.createdAt} into the ${target.kind === "postgres" ? "PostgreSQL" : "embedded"} database.`,
  );
  if (keptAside)
    console.log(`The database it replaced is kept in ${keptAside}; delete it when the restored one is checked.`);
  console.log("Start the app: it brings the database up to this version's migrations on start.");
}

main().catch((error: unknown) => {
  console.error(error instanceof BackupError ? error.message : error);
  process.exit(1);
});
