import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/connection";
import { decryptPii, encryptPii, lookupHash, piiKeys } from "@/lib/crypto";

// Key rotation (`npm run rotate-key`): every phone and ID number still sealed under another key than
// ENCRYPTION_KEY (its ciphertext names ENCRYPTION_KEY_PREVIOUS's id, or is of the first format,
// which names none) is decrypted, sealed again under ENCRYPTION_KEY and its look-up hash made again,
// in batches of rows, one transaction each. The app keeps working meanwhile: it writes under the
// new key and reads and finds under both (lib/crypto/index.ts). A rotation that stops half-way
// (killed, a failed batch) leaves each row whole under one key or the other; running the command
// again picks up the rows still to do, and a finished rotation has nothing left to do. The generated
// `applicant_key` columns (migration 0022) follow the hashes by themselves.

/** The tables that hold sealed phone (and ID) numbers, and which of the four columns each has. */
const SEALED_TABLES = [
  { table: "bookings", hashes: true, idNumber: true },
  { table: "waitlist_entries", hashes: true, idNumber: true },
  { table: "cases", hashes: true, idNumber: true },
  // Messages keep the phone to send to, without a look-up hash.
  { table: "sms_outbox", hashes: false, idNumber: false },
] as const;

export interface RotationBatch {
  table: string;
  /** Rows sealed again in this batch, and in the table so far in this run. */
  rows: number;
  tableRows: number;
}

export interface RotationResult {
  keyId: string;
  rows: Record<string, number>;
}

/** Rows of each table still to do: sealed under another key than ENCRYPTION_KEY. */
export async function rowsToRotate(db: Db): Promise<Record<string, number>> {
  const prefix = `v2.${piiKeys().current.id}.%`;
  const counts: Record<string, number> = {};
  for (const t of SEALED_TABLES) {
    const [row] = rowsOf<{ n: number }>(
      await db.execute(sql`
        select count(*)::int as n from ${sql.identifier(t.table)}
        where phone_enc not like ${prefix}
          ${t.idNumber ? sql`or id_number_enc not like ${prefix}` : sql``}`),
    );
    counts[t.table] = row.n;
  }
  return counts;
}

export async function rotateKey(
  db: Db,
  options: { batchSize?: number; onBatch?: (batch: RotationBatch) => void | Promise<void> } = {},
): Promise<RotationResult> {
  const batchSize = options.batchSize ?? 500;
  const keyId = piiKeys().current.id;
  const prefix = `v2.${keyId}.%`;
  const rows: Record<string, number> = {};
  for (const t of SEALED_TABLES) {
    const name = sql.identifier(t.table);
    let after = 0;
    let tableRows = 0;
    for (;;) {
      const done = await db.transaction(async (tx) => {
        // Locked, so that a row the app changes meanwhile is sealed again from its latest value.
        const batch = rowsOf<{ id: number; phone_enc: string; id_number_enc: string | null }>(
          await tx.execute(sql`
            select id, phone_enc, ${t.idNumber ? sql`id_number_enc` : sql`null::text`} as id_number_enc
            from ${name}
            where id > ${after}
              and (phone_enc not like ${prefix} ${t.idNumber ? sql`or id_number_enc not like ${prefix}` : sql``})
            order by id
            limit ${batchSize}
            for update`),
        );
        if (batch.length === 0) return 0;
        const sealed = batch.map((row) => {
          const phone = decryptPii(row.phone_enc);
          const idNumber = row.id_number_enc === null ? null : decryptPii(row.id_number_enc);
          return {
            id: row.id,
            phone_enc: encryptPii(phone),
            phone_hash: lookupHash("phone", phone),
            id_number_enc: idNumber === null ? null : encryptPii(idNumber),
            id_number_hash: idNumber === null ? null : lookupHash("id", idNumber),
          };
        });
        const values = sql`jsonb_to_recordset(${JSON.stringify(sealed)}::jsonb)
          as v(id int, phone_enc text, phone_hash text, id_number_enc text, id_number_hash text)`;
        await tx.execute(
          t.hashes
            ? sql`update ${name} t set phone_enc = v.phone_enc, phone_hash = v.phone_hash,
                    id_number_enc = v.id_number_enc, id_number_hash = v.id_number_hash
                  from ${values} where t.id = v.id`
            : sql`update ${name} t set phone_enc = v.phone_enc from ${values} where t.id = v.id`,
        );
        after = batch[batch.length - 1].id;
        return batch.length;
      });
      if (done === 0) break;
      tableRows += done;
      await options.onBatch?.({ table: t.table, rows: done, tableRows });
    }
    rows[t.table] = tableRows;
  }
  return { keyId, rows };
}
