import { setTimeout as sleep } from "node:timers/promises";
import { eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { bookings, smsOutbox } from "@/db/schema";
import { createBooking } from "@/lib/booking";
import { sealPhone } from "@/lib/crypto";
import { enqueueSms, onOutboxSignal } from "@/lib/notify";
import { bookableItemCodes, bookingBodyFor, createTestSlot, testHallId, uniquePhone } from "../support/fixtures";

// The SMS drainer is woken by the messages a transaction wrote once it has committed (issue 14:
// the outbox is empty soon after a booking run, not at the next 10 s tick), and never by one that
// rolled back. On PostgreSQL the signal's listener reads from another connection of the pool: a
// signal sent before the COMMIT would not see the message there.

let hallId: number;
let items: string[];
beforeAll(async () => {
  hallId = await testHallId();
  items = await bookableItemCodes();
});
afterEach(() => onOutboxSignal(undefined));

/** The confirmations of the bookings of `phone` that another connection sees now. */
async function visibleConfirmations(phone: string): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(smsOutbox)
    .innerJoin(bookings, eq(bookings.id, smsOutbox.bookingId))
    .where(eq(bookings.phoneHash, sealPhone(phone).phoneHash));
  return row.count;
}

describe("the outbox signal", () => {
  it("wakes the drainer once a booking with its confirmation has committed", async () => {
    const { slotId } = await createTestSlot({ onlineCapacity: 5 });
    const phone = uniquePhone();
    const seen: Promise<number>[] = [];
    onOutboxSignal(() => seen.push(visibleConfirmations(phone)));
    await createBooking({
      hallId,
      request: bookingBodyFor({ service: items[0], slotId, phone }),
      verifiedInPerson: true,
    });
    expect(seen).toHaveLength(1);
    expect(await seen[0]).toBe(1);
  });

  it("does not wake it for a transaction that rolled back, and wakes it after the outer commit for a savepoint's message", async () => {
    const db = await getDb();
    let signals = 0;
    onOutboxSignal(() => (signals += 1));
    const message = { hallId, kind: "cancellation" as const, bookingId: null, body: "测试" };
    await expect(
      db.transaction(async (tx) => {
        await enqueueSms(tx, { ...message, phone: uniquePhone() });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    await sleep(20);
    expect(signals).toBe(0);

    await db.transaction(async (tx) => {
      await tx.transaction(async (savepoint) => {
        await enqueueSms(savepoint, { ...message, phone: uniquePhone() });
      });
      expect(signals).toBe(0);
    });
    expect(signals).toBe(1);

    await enqueueSms(db, { ...message, phone: uniquePhone() });
    expect(signals).toBe(2);
  });
});
