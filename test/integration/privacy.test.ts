import { execFileSync } from "node:child_process";
import { gunzipSync } from "node:zlib";
import { inject, describe, expect, it } from "vitest";
import type { PGlite } from "@electric-sql/pglite";
import { getDatabase } from "@/db/client";
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
