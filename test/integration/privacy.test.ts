import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { inject, describe, expect, it } from "vitest";
import type { PGlite } from "@electric-sql/pglite";
import { eq, inArray } from "drizzle-orm";
import { getDatabase, getDb } from "@/db/client";
import { bookings } from "@/db/schema";
import { createBooking } from "@/lib/booking";
import { idNumberCheckChar } from "@/lib/validation/identity";
import { bookableItemCodes, bookingBodyFor, createTestSlot, testHallId, uniquePhone } from "../support/fixtures";

// Invariant 6: after bookings with phone and ID numbers, a dump of the whole database holds
// neither in plain text: only ciphertext, a keyed hash and the masked form.
async function dumpDatabase(): Promise<string> {
  const database = await getDatabase();
  if (database.kind === "pglite") {
    const blob = await (database.client as PGlite).dumpDataDir("gzip");
    return gunzipSync(Buffer.from(await blob.arrayBuffer())).toString("latin1");
  }
  return execFileSync("pg_dump", ["--data-only", "--no-owner", inject("postgresUrl")], {
    maxBuffer: 512 * 1024 * 1024,
  }).toString("utf8");
}

describe("personal data at rest", () => {
  it("never stores a phone or an ID number in plain text", async () => {
    const items = await bookableItemCodes();
    const people = Array.from({ length: 5 }, (_, i) => {
      const first17 = `33018519${String(40 + i)}0${(i % 9) + 1}1${String(i).padStart(2, "0")}${i % 10}`;
      return { phone: uniquePhone(), idNumber: first17 + idNumberCheckChar(first17) };
    });
    for (const [i, person] of people.entries()) {
      const { slotId } = await createTestSlot({ onlineCapacity: 3 });
      const { booking } = await createBooking({
        hallId: await testHallId(),
        request: bookingBodyFor({ service: items[40 + i], slotId, phone: person.phone, idNumber: person.idNumber }),
        verifiedInPerson: true,
      });
      expect(booking.phone).not.toContain(person.phone.slice(3, 7));
    }
    const dump = await dumpDatabase();
    expect(dump.length).toBeGreaterThan(10_000);
    for (const person of people) {
      expect(dump.includes(person.phone), person.phone).toBe(false);
      expect(dump.includes(person.idNumber), person.idNumber).toBe(false);
      expect(dump.includes(`${person.phone.slice(0, 3)}****${person.phone.slice(-4)}`)).toBe(true);
    }
  });
});

describe("the request fingerprint", () => {
  // What the fingerprint used to be: an unkeyed SHA-256 of the request. Beside the stored name and
  // masked phone, 10^4 guesses of the middle digits give the phone back.
  const unkeyed = (body: { service: string; slotId: number; name: string; phone: string }) =>
    createHash("sha256")
      .update(JSON.stringify([body.service, body.slotId, body.name, body.phone, ""]))
      .digest("base64url");

  it("is keyed, kept only with an Idempotency-Key, and no guess of the phone finds it", async () => {
    const [service] = await bookableItemCodes();
    const hallId = await testHallId();
    const plain = bookingBodyFor({ service, slotId: (await createTestSlot({ onlineCapacity: 3 })).slotId });
    const keyed = bookingBodyFor({ service, slotId: (await createTestSlot({ onlineCapacity: 3 })).slotId });
    const withoutKey = await createBooking({ hallId, verifiedInPerson: true, request: plain });
    const key = `privacy-${keyed.phone}`;
    const withKey = await createBooking({ hallId, verifiedInPerson: true, request: keyed, idempotencyKey: key });
    // The fingerprint still does its one job: the same key with another body is refused.
    await expect(
      createBooking({ hallId, verifiedInPerson: true, request: { ...keyed, name: "李四" }, idempotencyKey: key }),
    ).rejects.toMatchObject({ code: "idempotency_mismatch" });
    expect(
      (await createBooking({ hallId, verifiedInPerson: true, request: keyed, idempotencyKey: key })).replayed,
    ).toBe(true);

    const db = await getDb();
    const rows = await db
      .select({ code: bookings.code, requestHash: bookings.requestHash, phoneMasked: bookings.phoneMasked })
      .from(bookings)
      .where(inArray(bookings.code, [withoutKey.booking.code, withKey.booking.code]));
    const stored = new Map(rows.map((r) => [r.code, r]));
    expect(stored.get(withoutKey.booking.code)?.requestHash).toBeNull();
    const fingerprint = stored.get(withKey.booking.code)?.requestHash;
    expect(fingerprint).toBeTruthy();

    // The attack: the row shows 138****8000 and the name; try every middle.
    const masked = stored.get(withKey.booking.code)!.phoneMasked;
    let found = 0;
    for (let middle = 0; middle < 10_000; middle++) {
      const phone = `${masked.slice(0, 3)}${String(middle).padStart(4, "0")}${masked.slice(-4)}`;
      if (unkeyed({ ...keyed, phone }) === fingerprint) found++;
    }
    expect(found).toBe(0);
    // And the dump holds no unkeyed fingerprint of either request.
    const dump = await dumpDatabase();
    expect(dump.includes(unkeyed(plain))).toBe(false);
    expect(dump.includes(unkeyed(keyed))).toBe(false);
  });

  it("cannot be stored without an Idempotency-Key (the database refuses it)", async () => {
    const [service] = await bookableItemCodes();
    const { booking } = await createBooking({
      hallId: await testHallId(),
      request: bookingBodyFor({ service, slotId: (await createTestSlot({ onlineCapacity: 3 })).slotId }),
      verifiedInPerson: true,
    });
    const db = await getDb();
    await expect(
      db.update(bookings).set({ requestHash: "x" }).where(eq(bookings.code, booking.code)),
    ).rejects.toThrow();
  });
});
