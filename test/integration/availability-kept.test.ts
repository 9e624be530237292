import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDatabase, getDb } from "@/db/client";
import { connectPostgres } from "@/db/connection";
import { slots } from "@/db/schema";
import { createBooking, listAvailability } from "@/lib/booking";
import { bookingSettings } from "@/lib/booking/settings";
import { bookableItemCodes, bookingBodyFor, createTestSlot, testHallId } from "../support/fixtures";

// An availability answer is kept with the snapshot it was read in until anything is committed or
// the minimum notice passes its first slot (lib/booking/list-availability.ts, decision 012).
// Whatever changes a seat, by whichever path or instance, the next answer must show it.

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

describe("with bookings racing and other instances writing", () => {
  it("shows every booking once it has answered, and at once a write another instance committed", async () => {
    const database = await getDatabase();
    // On PostgreSQL another instance with its own pool: nothing in this process hears of its
    // writes. One PGlite serves one process, so there the write comes through this one.
    const other = database.kind === "postgres" ? connectPostgres(database.url, 2) : null;
    try {
      const { slotId, date } = await createTestSlot({ onlineCapacity: 40, startsInMinutes: 26 * 60 });
      const left = () => remaining(slotId, date);
      expect(await left()).toBe(40);
      expect(await left()).toBe(40);
      await (other?.db ?? database.db).update(slots).set({ onlineCapacity: 30 }).where(eq(slots.id, slotId));
      expect(await left()).toBe(30);
      // Bookings race with readers; once a booking has answered, every later answer counts it.
      let answered = 0;
      const lags: string[] = [];
      const book = async () => {
        await createBooking({ hallId, request: bookingBodyFor({ service: item, slotId }), verifiedInPerson: true });
        answered += 1;
      };
      const read = async () => {
        for (let i = 0; i < 15; i++) {
          const before = answered;
          const seen = await left();
          if (seen === undefined || 30 - seen < before)
            lags.push(`${30 - (seen ?? 0)} booked seen, ${before} answered`);
        }
      };
      await Promise.all([...Array.from({ length: 12 }, book), read(), read(), read()]);
      expect(lags).toEqual([]);
      expect(await left()).toBe(30 - 12);
    } finally {
      await other?.close();
    }
  });
});
