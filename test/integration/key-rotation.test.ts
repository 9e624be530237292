import { createCipheriv, hkdfSync, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/connection";
import { isPostgres, ownDatabase } from "../support/own-database";

// Issue 16, build §2: `npm run rotate-key`. Data is written under the old key; the app is then run
// with ENCRYPTION_KEY = the new key and ENCRYPTION_KEY_PREVIOUS = the old one, and everything stays
// readable and findable before, during (a rotation stopped half-way) and after the rotation; once
// it is done, the new key alone reads and finds everything. Each phase loads the app's modules
// afresh, as a restarted server with the new configuration would.

const OLD_KEY = process.env.ENCRYPTION_KEY!;
const NEW_KEY = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

async function withKeys(current: string, previous?: string) {
  vi.stubEnv("ENCRYPTION_KEY", current);
  vi.stubEnv("ENCRYPTION_KEY_PREVIOUS", previous ?? "");
  vi.resetModules();
  return {
    booking: await import("@/lib/booking"),
    cases: await import("@/lib/cases"),
    crypto: await import("@/lib/crypto"),
    rotation: await import("@/lib/crypto/rotate-key"),
    fixtures: await import("../support/fixtures"),
    caseFixtures: await import("../support/case-fixtures"),
  };
}
type App = Awaited<ReturnType<typeof withKeys>>;

/** A phone sealed as the first format (`v1.`, before ciphertexts named their key) did it, under `master`. */
function sealV1(master: string, plain: string) {
  const key = Buffer.from(hkdfSync("sha256", Buffer.from(master, "hex"), "yichuang", "pii-encryption-v1", 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

let own: Awaited<ReturnType<typeof ownDatabase>>;
let hallId: number;
const made: { code: string; phone: string }[] = [];
let sharedPhone: string; // two bookings, found together by phone
let codeBeforeRotation: { phone: string; code: string };
let bookingCodeBeforeRotation: { phone: string; code: string };
let caseMade: { caseNo: string; phone: string; idNumber: string };
let oldCiphertext: string;

async function sealedValues() {
  const db = await getDb();
  return rowsOf<{ t: string; id: number; phone_enc: string; id_number_enc: string | null }>(
    await db.execute(sql`
      select 'bookings' as t, id, phone_enc, id_number_enc from bookings
      union all select 'waitlist_entries', id, phone_enc, id_number_enc from waitlist_entries
      union all select 'cases', id, phone_enc, id_number_enc from cases
      union all select 'sms_outbox', id, phone_enc, null from sms_outbox`),
  );
}

/** Ready for the next SMS code to the same phone: as if the last were sent two minutes ago. */
async function ageCodes() {
  await (await getDb()).execute(sql`update phone_codes set created_at = created_at - interval '2 minutes'`);
}

/** Everything written before is readable and found by phone and ID number under the keys `app` runs with. */
async function expectAllReadable(app: App) {
  for (const row of await sealedValues()) {
    expect(app.crypto.decryptPii(row.phone_enc), `${row.t} ${row.id}`).toMatch(/^1\d{10}$/);
    if (row.id_number_enc) expect(app.crypto.decryptPii(row.id_number_enc)).toMatch(/^\d{17}[\dX]$/);
  }
  for (const b of made) {
    const found = await app.booking.getBooking({ hallId, code: b.code, owner: { phone: b.phone } });
    expect(found.code).toBe(b.code);
  }
  await ageCodes();
  const code = await app.fixtures.sendPhoneCode(sharedPhone);
  const listed = await app.booking.findBookingsByPhone({ hallId, phone: sharedPhone, phoneCode: code });
  expect(listed.map((b) => b.code).sort()).toEqual(
    made
      .filter((b) => b.phone === sharedPhone)
      .map((b) => b.code)
      .sort(),
  );
  expect((await app.cases.trackCase({ caseNo: caseMade.caseNo, phone: caseMade.phone })).caseNo).toBe(caseMade.caseNo);
  const clerk = await app.fixtures.actorFor("clerk", 1);
  for (const q of [caseMade.phone, caseMade.idNumber])
    expect((await app.cases.listCases({ actor: clerk, q })).map((c) => c.caseNo)).toEqual([caseMade.caseNo]);
}

beforeAll(async () => {
  own = await ownDatabase();
  const app = await withKeys(OLD_KEY);
  hallId = await app.fixtures.testHallId();
  const items = await app.fixtures.bookableItemCodes();
  sharedPhone = app.fixtures.uniquePhone();
  const phones = [
    sharedPhone,
    sharedPhone,
    app.fixtures.uniquePhone(),
    app.fixtures.uniquePhone(),
    app.fixtures.uniquePhone(),
  ];
  for (const [i, phone] of phones.entries()) {
    const { slotId } = await app.fixtures.createTestSlot({ onlineCapacity: 2, daysAhead: 2 + i });
    const { booking } = await app.booking.createBooking({
      hallId,
      request: app.fixtures.bookingBodyFor({
        service: items[i],
        slotId,
        phone,
        ...(i === 2 ? { idNumber: app.caseFixtures.uniqueIdNumber() } : {}),
      }),
      verifiedInPerson: true,
    });
    made.push({ code: booking.code, phone });
  }
  const full = await app.fixtures.createTestSlot({ onlineCapacity: 1, booked: 1 });
  await app.booking.joinWaitlist({
    hallId,
    request: app.fixtures.bookingBodyFor({
      service: items[6],
      slotId: full.slotId,
      idNumber: app.caseFixtures.uniqueIdNumber(),
    }),
    verifiedInPerson: true,
  });
  const clerk = await app.fixtures.actorFor("clerk", 1);
  const body = app.caseFixtures.intakeBody(await app.caseFixtures.itemOf("promised"));
  const taken = await app.cases.takeInCase({ actor: clerk, ...body });
  caseMade = { caseNo: taken.caseNo, phone: body.phone, idNumber: body.idNumber! };
  // A villager asks for a code just before the rotation and types it in just after it began.
  const phone = app.fixtures.uniquePhone();
  codeBeforeRotation = { phone, code: await app.fixtures.sendPhoneCode(phone) };
  const bookingPhone = app.fixtures.uniquePhone();
  bookingCodeBeforeRotation = { phone: bookingPhone, code: await app.fixtures.sendPhoneCode(bookingPhone) };
  // A booking from before ciphertexts named their key.
  const db = await getDb();
  await db.execute(sql`update bookings set phone_enc = ${sealV1(OLD_KEY, made[4].phone)} where code = ${made[4].code}`);
  oldCiphertext = (await sealedValues()).find((r) => r.t === "bookings" && r.phone_enc.startsWith("v2."))!.phone_enc;
}, 240_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  vi.resetModules();
  await own?.dispose();
});

describe(`rotating ENCRYPTION_KEY (${isPostgres ? "PostgreSQL" : "embedded PGlite"})`, () => {
  let app: App;

  it("with the new key and the old one as ENCRYPTION_KEY_PREVIOUS, everything is readable and found, and new data goes under the new key", async () => {
    app = await withKeys(NEW_KEY, OLD_KEY);
    expect(app.crypto.piiKeys().previous?.id).toBe(app.crypto.keyFingerprint(Buffer.from(OLD_KEY, "hex")));
    await expectAllReadable(app);
    // The code sent before the switch still proves the phone.
    await expect(
      app.booking.findBookingsByPhone({ hallId, ...codeBeforeRotation, phoneCode: codeBeforeRotation.code }),
    ).resolves.toEqual([]);
    const items = await app.fixtures.bookableItemCodes();
    // And a booking (its code checked inside the booking's transaction, under both keys).
    const open = await app.fixtures.createTestSlot({ onlineCapacity: 2, daysAhead: 10 });
    const { booking: own } = await app.booking.createBooking({
      hallId,
      request: app.fixtures.bookingBodyFor({
        service: items[8],
        slotId: open.slotId,
        phone: bookingCodeBeforeRotation.phone,
      }),
      phoneCode: bookingCodeBeforeRotation.code,
    });
    expect(own.status).toBe("confirmed");
    // A new booking on the shared phone, under the new key, is found with the old ones.
    const { slotId } = await app.fixtures.createTestSlot({ onlineCapacity: 2, daysAhead: 9 });
    const { booking } = await app.booking.createBooking({
      hallId,
      request: app.fixtures.bookingBodyFor({ service: items[7], slotId, phone: sharedPhone }),
      verifiedInPerson: true,
    });
    made.push({ code: booking.code, phone: sharedPhone });
    const [row] = rowsOf<{ phone_enc: string }>(
      await (await getDb()).execute(sql`select phone_enc from bookings where code = ${booking.code}`),
    );
    expect(app.crypto.ciphertextKeyId(row.phone_enc)).toBe(app.crypto.piiKeys().current.id);
    await expectAllReadable(app);
  }, 120_000);

  it("a rotation stopped half-way leaves everything readable and found, and running it again finishes it", async () => {
    const db = await getDb();
    const before = await app.rotation.rowsToRotate(db);
    expect(before.bookings).toBeGreaterThanOrEqual(5);
    expect(before.waitlist_entries).toBe(1);
    expect(before.cases).toBeGreaterThanOrEqual(1);
    expect(before.sms_outbox).toBeGreaterThanOrEqual(1);

    // Killed after its first batch of bookings was committed.
    await expect(
      app.rotation.rotateKey(db, {
        batchSize: 2,
        onBatch: () => {
          throw new Error("killed");
        },
      }),
    ).rejects.toThrow("killed");
    const half = await app.rotation.rowsToRotate(db);
    expect(half.bookings).toBe(before.bookings - 2);
    await expectAllReadable(app);

    const result = await app.rotation.rotateKey(db, { batchSize: 2 });
    expect(result.rows.bookings).toBe(half.bookings);
    expect(await app.rotation.rowsToRotate(db)).toEqual({ bookings: 0, waitlist_entries: 0, cases: 0, sms_outbox: 0 });
    // Done is done: a second run finds nothing to do.
    expect((await app.rotation.rotateKey(db)).rows).toEqual({
      bookings: 0,
      waitlist_entries: 0,
      cases: 0,
      sms_outbox: 0,
    });
    await expectAllReadable(app);
  }, 120_000);

  it("after the rotation the new key alone reads and finds everything; the old key's values are gone", async () => {
    app = await withKeys(NEW_KEY);
    expect(app.crypto.piiKeys().previous).toBeUndefined();
    await expectAllReadable(app);
    const prefix = `v2.${app.crypto.piiKeys().current.id}.`;
    for (const row of await sealedValues()) {
      expect(row.phone_enc.startsWith(prefix)).toBe(true);
      if (row.id_number_enc) expect(row.id_number_enc.startsWith(prefix)).toBe(true);
    }
    // The generated applicant key follows the new hash (migration 0022).
    const [booking] = rowsOf<{ applicant_key: string }>(
      await (await getDb()).execute(sql`select applicant_key from bookings where code = ${made[3].code}`),
    );
    expect(booking.applicant_key).toContain(app.crypto.lookupHash("phone", made[3].phone));
    // A value still under a key the server no longer has says so.
    expect(() => app.crypto.decryptPii(oldCiphertext)).toThrow(/neither ENCRYPTION_KEY .* nor ENCRYPTION_KEY_PREVIOUS/);
  }, 120_000);
});
