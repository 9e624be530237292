import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { slots } from "@/db/schema";
import { createBooking, listAvailability } from "@/lib/booking";
import { bookingSettings } from "@/lib/booking/settings";
import { bookableItemCodes, bookingBodyFor, createTestSlot, testHallId } from "../support/fixtures";

// On PGlite an availability answer is kept until anything is written or the minimum notice passes
// its first slot (lib/booking/list-availability.ts, decision 011). Whatever changes a seat, the
// next answer must show it; on PostgreSQL nothing is kept and the same must hold.

let item: string;
let hallId: number;
beforeAll(async () => {
  item = (await bookableItemCodes())[0];
  hallId = await testHallId();
});
afterEach(() => {
  vi.useRealTimers();
});

/** The slot's remaining seats in the answer for its session's day (one key however the clock moves). */
async function remaining(slotId: number, date: string) {
  const { slots: listed } = await listAvailability({ hallId, service: item, from: date, to: date });
  return listed.find((slot) => slot.id === slotId)?.remaining;
}

describe("a kept availability answer", () => {
  it("shows every write at once, and drops a slot once the minimum notice passes it", async () => {
    const startsInMinutes = 26 * 60;
    const madeAt = Date.now();
    const { slotId, date } = await createTestSlot({ onlineCapacity: 5, startsInMinutes });
    const left = () => remaining(slotId, date);
    expect(await left()).toBe(5);
    expect(await left()).toBe(5);
    await createBooking({ hallId, request: bookingBodyFor({ service: item, slotId }), verifiedInPerson: true });
    expect(await left()).toBe(4);
    const db = await getDb();
    await db.update(slots).set({ onlineCapacity: 3 }).where(eq(slots.id, slotId));
    expect(await left()).toBe(2);
    await db.update(slots).set({ isWithdrawn: true }).where(eq(slots.id, slotId));
    expect(await left()).toBeUndefined();
    await db.update(slots).set({ isWithdrawn: false }).where(eq(slots.id, slotId));
    expect(await left()).toBe(2);
    // Only the clock moves (Date alone: the database's queue keeps its own timers): past the
    // slot's start less the minimum notice, the slot is gone; set back, it is there again.
    const notice = bookingSettings().minNoticeMinutes * 60_000;
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(madeAt + startsInMinutes * 60_000 + 60_000 - notice + 60_000);
    expect(await left()).toBeUndefined();
    vi.setSystemTime(madeAt);
    expect(await left()).toBe(2);
  });
});
