// `npm run rotate-key`: re-encrypt and re-hash every phone and ID number under ENCRYPTION_KEY, with
// ENCRYPTION_KEY_PREVIOUS set to the key it replaces. Safe to stop and run again; see
// lib/crypto/rotate-key.ts.
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { openDatabase, rowsOf } from "@/db/connection";
import { env } from "@/lib/env";
import { piiKeys } from "@/lib/crypto";
import { rotateKey, rowsToRotate } from "@/lib/crypto/rotate-key";

async function main() {
  const { values } = parseArgs({ options: { "batch-size": { type: "string" } } });
  const batchSize = values["batch-size"] ? Number(values["batch-size"]) : 500;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error("--batch-size must be a whole number above 0");
  const { current, previous } = piiKeys();
  console.log(
    previous
      ? `Re-encrypting under ENCRYPTION_KEY (${current.id}) what is under ENCRYPTION_KEY_PREVIOUS (${previous.id}).`
      : `ENCRYPTION_KEY_PREVIOUS is not set: only values of the old format are sealed again under ENCRYPTION_KEY (${current.id}).`,
  );
  const config = env();
  if (config.isEmbedded && !existsSync(path.join(path.resolve(config.PGLITE_DIR), "PG_VERSION")))
    throw new Error(`There is no embedded database in ${path.resolve(config.PGLITE_DIR)} (PGLITE_DIR).`);
  const database = await openDatabase();
  try {
    const [ready] = rowsOf<{ bookings: string | null }>(
      await database.db.execute(sql`select to_regclass('public.bookings')::text as bookings`),
    );
    if (!ready.bookings)
      throw new Error("The database has no tables yet: start the app once (it migrates the database).");
    const started = Date.now();
    const result = await rotateKey(database.db, {
      batchSize,
      // A line per 10,000 rows of a table, so that a long run shows it is moving.
      onBatch: (b) => {
        if (Math.floor(b.tableRows / 10_000) > Math.floor((b.tableRows - b.rows) / 10_000))
          console.log(`  ${b.table}: ${b.tableRows} rows so far`);
      },
    });
    const left = await rowsToRotate(database.db);
    const total = Object.values(result.rows).reduce((a, b) => a + b, 0);
    for (const [table, n] of Object.entries(result.rows)) console.log(`  ${table}: ${n} rows`);
    console.log(`Sealed ${total} rows again in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    const remaining = Object.entries(left).filter(([, n]) => n > 0);
    if (remaining.length > 0) {
      console.log(
        `Still under another key: ${remaining.map(([t, n]) => `${t} ${n}`).join(", ")}: run the command again.`,
      );
      process.exitCode = 1;
      return;
    }
    console.log(
      "Every phone and ID number is now under ENCRYPTION_KEY." +
        (previous
          ? " Wait 10 minutes (SMS codes sent before the rotation expire), then remove ENCRYPTION_KEY_PREVIOUS from the configuration of every instance and restart them."
          : ""),
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  const cause = error instanceof Error && error.cause instanceof Error ? `\n${error.cause.message}` : "";
  console.error(error instanceof Error ? `${error.message}${cause}` : error);
  process.exit(1);
});
