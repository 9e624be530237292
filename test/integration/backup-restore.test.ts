import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type Database } from "@/db/connection";
import type { Actor } from "@/lib/auth/actor";
import { BackupError } from "@/lib/backup/backup-file";
import { createBackup } from "@/lib/backup/create-backup";
import { restoreBackup } from "@/lib/backup/restore-backup";
import { createBooking, getBooking } from "@/lib/booking";
import { takeInCase, trackCase } from "@/lib/cases";
import { decryptPii, piiKeys } from "@/lib/crypto";
import { issueTicket } from "@/lib/queue";
import { intakeBody, itemOf, uniqueIdNumber } from "../support/case-fixtures";
import {
  actorFor,
  bookableItemCodes,
  bookingBodyFor,
  createTestSlot,
  testHallId,
  uniquePhone,
} from "../support/fixtures";
import { isPostgres, ownDatabase, tableDigests } from "../support/own-database";

// Issue 16, build §2: `npm run backup` and `npm run restore -- FILE` on both databases. A backup is
// made, the database wiped, the backup restored: every row of every table is back (bookings,
// tickets, cases, audit log, …), the phone and ID numbers decrypt and are found by phone again.
// A backup made under another encryption key, a damaged file and a database that holds data are
// refused with a message that says what to do.

let own: Awaited<ReturnType<typeof ownDatabase>>;
let work: string;
let backupFile: string;
let before: Record<string, string>;
const made: { code: string; phone: string; idNumber?: string }[] = [];
let caseMade: { caseNo: string; phone: string; idNumber?: string };
const keyIds = () => [piiKeys().current.id];

async function wipe() {
  if (own.target.kind === "pglite") {
    rmSync(own.target.dir, { recursive: true, force: true });
    return;
  }
  const database = await own.open();
  await database.db.execute(sql`drop schema drizzle cascade`);
  await database.db.execute(sql`drop schema public cascade`);
  await database.db.execute(sql`create schema public`);
  await own.close();
}

async function expectAllBack(database: Database) {
  expect(await tableDigests(database)).toEqual(before);
  const hallId = await testHallId();
  for (const booking of made) {
    const found = await getBooking({ hallId, code: booking.code, owner: { phone: booking.phone } });
    expect(found.code).toBe(booking.code);
  }
  expect((await trackCase({ caseNo: caseMade.caseNo, phone: caseMade.phone })).caseNo).toBe(caseMade.caseNo);
  const sealed = rowsOf<{ phone_enc: string; id_number_enc: string | null }>(
    await database.db.execute(
      sql`select phone_enc, id_number_enc from bookings union all select phone_enc, id_number_enc from cases`,
    ),
  );
  expect(sealed.length).toBeGreaterThanOrEqual(made.length + 1);
  const phones = sealed.map((row) => decryptPii(row.phone_enc));
  for (const phone of phones) expect(phone).toMatch(/^1\d{10}$/);
  expect(phones).toEqual(expect.arrayContaining([...made.map((b) => b.phone), caseMade.phone]));
  const idNumbers = sealed.flatMap((row) => (row.id_number_enc ? [decryptPii(row.id_number_enc)] : []));
  expect(idNumbers).toEqual(expect.arrayContaining([made[0].idNumber, caseMade.idNumber]));
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), "yichuang-backup-test-"));
  own = await ownDatabase();
  const hallId = await testHallId();
  const items = await bookableItemCodes();
  for (let i = 0; i < 3; i++) {
    const { slotId } = await createTestSlot({ onlineCapacity: 2, daysAhead: 2 + i });
    const phone = uniquePhone();
    const idNumber = i === 0 ? uniqueIdNumber() : undefined;
    const { booking } = await createBooking({
      hallId,
      request: bookingBodyFor({ service: items[i], slotId, phone, idNumber }),
      verifiedInPerson: true,
    });
    made.push({ code: booking.code, phone, idNumber });
  }
  const clerk: Actor = await actorFor("clerk", 1);
  await issueTicket({ actor: clerk, queue: "A" });
  await issueTicket({ actor: clerk, queue: "B" });
  const body = intakeBody(await itemOf("promised"));
  const taken = await takeInCase({ actor: clerk, ...body });
  caseMade = { caseNo: taken.caseNo, phone: body.phone, idNumber: body.idNumber };
  const database = await own.open();
  before = await tableDigests(database);
  for (const table of ["bookings", "tickets", "cases", "audit_log", "sms_outbox"])
    expect(Number(before[table].split(" ")[0]), table).toBeGreaterThan(0);
  await own.close();
  backupFile = path.join(work, "hall.backup");
}, 240_000);

afterAll(async () => {
  await own?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe(`backup and restore (${isPostgres ? "PostgreSQL" : "embedded PGlite"})`, () => {
  it("`npm run backup -- --out FILE` writes the file and prints its path", () => {
    const env = {
      ...process.env,
      ...(own.target.kind === "postgres"
        ? { DATABASE_URL: own.target.url }
        : { DATABASE_URL: "", PGLITE_DIR: own.target.dir }),
    };
    const run = spawnSync("npx", ["tsx", "scripts/backup.ts", "--out", backupFile], { env, encoding: "utf8" });
    expect(run.stderr).toContain(`encryption key ${piiKeys().current.id}`);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(backupFile);
    const header = readFileSync(backupFile).subarray(0, 400).toString("latin1").split("\n");
    expect(header[0]).toBe("YICHUANG-BACKUP 1");
    expect(JSON.parse(header[1])).toMatchObject({ kind: own.target.kind, keyIds: [piiKeys().current.id] });
    // The key itself is not in the file.
    expect(readFileSync(backupFile).includes(Buffer.from(process.env.ENCRYPTION_KEY!))).toBe(false);
  }, 120_000);

  it("refuses to write over an existing file", async () => {
    await expect(createBackup(own.target, backupFile, keyIds())).rejects.toThrow(/already exists/);
  });

  it("refuses to restore over a database that holds data, unless told to", async () => {
    const refused = await restoreBackup(own.target, backupFile, { keyIds: keyIds() }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BackupError);
    expect((refused as Error).message).toMatch(/--overwrite/);
    expect(await tableDigests(await own.open())).toEqual(before);
    await own.close();
  }, 120_000);

  it("refuses a backup made under another encryption key, and says which", async () => {
    await wipe();
    const otherKey = "00000000aaaaaaaa";
    const refused = await restoreBackup(own.target, backupFile, { keyIds: [otherKey] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BackupError);
    expect((refused as Error).message).toContain(`made under encryption key ${piiKeys().current.id}`);
    expect((refused as Error).message).toContain(`this server has ${otherKey} (ENCRYPTION_KEY)`);
    expect((refused as Error).message).toContain("--force");
    // Nothing was restored.
    if (own.target.kind === "pglite") expect(existsSync(own.target.dir)).toBe(false);
  }, 120_000);

  it("refuses a damaged file before touching the database", async () => {
    const damaged = path.join(work, "damaged.backup");
    const bytes = readFileSync(backupFile);
    bytes[bytes.length - 100] ^= 0xff;
    writeFileSync(damaged, bytes);
    await expect(restoreBackup(own.target, damaged, { keyIds: keyIds() })).rejects.toThrow(/damaged or incomplete/);
    writeFileSync(damaged, "not a backup\n");
    await expect(restoreBackup(own.target, damaged, { keyIds: keyIds() })).rejects.toThrow(/not a yichuang backup/);
  });

  it("restores the wiped database: every row of every table, readable and found by phone", async () => {
    await restoreBackup(own.target, backupFile, { keyIds: keyIds() });
    await expectAllBack(await own.open());
    await own.close();
  }, 240_000);

  it("with --overwrite replaces a database that holds data; with --force takes a backup of another key", async () => {
    const database = await own.open();
    await database.db.execute(sql`delete from sms_outbox`);
    await own.close();
    await restoreBackup(own.target, backupFile, { keyIds: ["00000000aaaaaaaa"], force: true, overwrite: true });
    await expectAllBack(await own.open());
  }, 240_000);
});
