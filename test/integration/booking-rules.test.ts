import { randomInt } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/connection";
import { bookings, serviceItems, serviceSessions, slots, smsOutbox, waitlistEntries } from "@/db/schema";
import { setCalendarOverride } from "@/lib/admin/calendar";
import { cancelBooking, createBooking, ensureSessions, joinWaitlist, sweepNoShows } from "@/lib/booking";
import { newBookingCode } from "@/lib/booking/code";
import { decryptPii, lookupHash, sealPhone } from "@/lib/crypto";
import { dispatchOutbox, enqueueSms, logSender, setSmsSender, type SmsSender } from "@/lib/notify";
import { addDays, isStateWorkday, shanghaiDate } from "@/lib/time";
import {
  actorFor,
  bookableItemCodes,
  bookingBodyFor,
  createTestSlot,
  testHallId,
  uniquePhone,
} from "../support/fixtures";

// The booking rules hold on every path that makes or keeps a booking: a waitlist promotion, a
// closed day, and the SMS outbox that tells villagers about them (issue #10, Build §5).

let items: string[];
let hallId: number;

beforeAll(async () => {
  items = await bookableItemCodes();
  hallId = await testHallId();
});

async function itemId(code: string) {
  const db = await getDb();
  const [row] = await db.select({ id: serviceItems.id }).from(serviceItems).where(eq(serviceItems.code, code));
  return row.id;
}

/** A window session on a working day far ahead that no other test uses, and its first three slots. */
async function farDay(from: number) {
  const db = await getDb();
  let date = addDays(shanghaiDate(), from + randomInt(70));
  while (!isStateWorkday(date)) date = addDays(date, 1);
  await ensureSessions(db, { hallId, from: date, to: date });
  const [session] = await db
    .select({ id: serviceSessions.id })
    .from(serviceSessions)
    .where(
      and(eq(serviceSessions.hallId, hallId), eq(serviceSessions.channel, "window"), eq(serviceSessions.date, date)),
    );
  const rows = await db
    .select({ id: slots.id })
    .from(slots)
    .where(eq(slots.sessionId, session.id))
    .orderBy(slots.startsAt)
    .limit(3);
  return { date, sessionId: session.id, slotIds: rows.map((r) => r.id) };
}

async function confirmedOf(phone: string) {
  const db = await getDb();
  return db
    .select({ id: bookings.id, slotId: bookings.slotId, itemId: bookings.serviceItemId })
    .from(bookings)
    .where(and(eq(bookings.phoneHash, lookupHash("phone", phone)), eq(bookings.status, "confirmed")));
}

describe("a waitlist promotion goes through the booking rules", () => {
  it("skips the first in line when the seat would give them a second booking of the item that day", async () => {
    const service = items[40];
    const full = await createTestSlot({ onlineCapacity: 1 });
    const other = await createTestSlot({ onlineCapacity: 3 });
    expect(other.date).toBe(full.date);
    const holder = bookingBodyFor({ service, slotId: full.slotId });
    const held = await createBooking({ hallId, verifiedInPerson: true, request: holder });

    // First in line, then books the same item on the same day in another slot.
    const doubler = bookingBodyFor({ service, slotId: full.slotId, name: "王五" });
    await joinWaitlist({ hallId, verifiedInPerson: true, request: doubler });
    await createBooking({ hallId, verifiedInPerson: true, request: { ...doubler, slotId: other.slotId } });
    const second = bookingBodyFor({ service, slotId: full.slotId, name: "赵六" });
    await joinWaitlist({ hallId, verifiedInPerson: true, request: second });

    await cancelBooking({ hallId, code: held.booking.code, owner: { phone: holder.phone } });

    expect(await confirmedOf(doubler.phone)).toHaveLength(1);
    expect(await confirmedOf(second.phone)).toMatchObject([{ slotId: full.slotId }]);
    const db = await getDb();
    const [skipped] = await db
      .select({ status: waitlistEntries.status, reason: waitlistEntries.leftReason })
      .from(waitlistEntries)
      .where(
        and(eq(waitlistEntries.slotId, full.slotId), eq(waitlistEntries.phoneHash, lookupHash("phone", doubler.phone))),
      );
    expect(skipped.status).toBe("skipped");
    expect(skipped.reason).toContain("已预约过这个事项");
  });

  it("never leaves a phone two bookings of one item and day when its own booking races its promotion", async () => {
    const rounds = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const service = items[50 + i];
        const full = await createTestSlot({ onlineCapacity: 1 });
        const other = await createTestSlot({ onlineCapacity: 2 });
        const holder = bookingBodyFor({ service, slotId: full.slotId });
        const held = await createBooking({ hallId, verifiedInPerson: true, request: holder });
        const waiter = bookingBodyFor({ service, slotId: full.slotId });
        await joinWaitlist({ hallId, verifiedInPerson: true, request: waiter });
        // Either may start first: every other round, the cancellation a moment after the booking
        // (PGlite runs transactions one at a time, so there the order is this one).
        const cancel = () => cancelBooking({ hallId, code: held.booking.code, owner: { phone: holder.phone } });
        const book = () =>
          createBooking({ hallId, verifiedInPerson: true, request: { ...waiter, slotId: other.slotId } });
        const later = () => new Promise((resolve) => setTimeout(resolve, 20)).then(cancel);
        await Promise.allSettled(i % 2 ? [book(), later()] : [cancel(), book()]);
        return (await confirmedOf(waiter.phone)).length;
      }),
    );
    expect(rounds.every((n) => n === 1)).toBe(true);
  });

  it("gives a seat freed inside the minimum notice to nobody: it returns to the slot", async () => {
    const db = await getDb();
    // The slot starts in 20 minutes (the minimum notice is 60): nobody can book it any more.
    const { slotId } = await createTestSlot({ onlineCapacity: 1, booked: 1, startsInMinutes: 20 });
    const holderPhone = uniquePhone();
    const code = newBookingCode();
    const serviceItemId = await itemId(items[41]);
    await db
      .insert(bookings)
      .values({ hallId, code, serviceItemId, slotId, applicantName: "持有人", ...sealPhone(holderPhone) });
    const waiterPhone = uniquePhone();
    await db
      .insert(waitlistEntries)
      .values({ hallId, slotId, serviceItemId, applicantName: "候补人", ...sealPhone(waiterPhone) });

    await cancelBooking({ hallId, code, owner: { phone: holderPhone } });

    expect(await confirmedOf(waiterPhone)).toHaveLength(0);
    const [slot] = await db.select({ booked: slots.booked }).from(slots).where(eq(slots.id, slotId));
    expect(slot.booked).toBe(0);
    const [entry] = await db
      .select({ status: waitlistEntries.status })
      .from(waitlistEntries)
      .where(eq(waitlistEntries.slotId, slotId));
    expect(entry.status).toBe("waiting");
  });
});

describe("closing a day", () => {
  it("cancels its bookings with the reason, frees their seats, tells each by SMS and counts no no-show or quota", async () => {
    const db = await getDb();
    const day = await farDay(200);
    const { date } = day;
    const daySlots = day.slotIds.map((id) => ({ id }));
    // One villager holds three bookings that day (the most a phone may hold), a neighbour one.
    const phone = uniquePhone();
    const neighbour = uniquePhone();
    const made: number[] = [];
    for (const [i, slot] of daySlots.entries()) {
      for (const p of i === 0 ? [phone, neighbour] : [phone]) {
        await db
          .update(slots)
          .set({ booked: sql`${slots.booked} + 1` })
          .where(eq(slots.id, slot.id));
        const [row] = await db
          .insert(bookings)
          .values({
            hallId,
            code: newBookingCode(),
            serviceItemId: await itemId(items[42 + i]),
            slotId: slot.id,
            applicantName: "闭厅测试",
            ...sealPhone(p),
          })
          .returning({ id: bookings.id });
        made.push(row.id);
      }
    }
    const waiter = uniquePhone();
    await db.insert(waitlistEntries).values({
      hallId,
      slotId: daySlots[0].id,
      serviceItemId: await itemId(items[45]),
      applicantName: "候补人",
      ...sealPhone(waiter),
    });

    const admin = await actorFor("admin");
    const close = { actor: admin, date, isOpen: false, reason: "停电检修" };
    // The admin is told the count first; nothing is cancelled until that count is confirmed.
    expect(await setCalendarOverride(close)).toEqual({ status: "needs_confirmation", affected: 4 });
    expect(await setCalendarOverride({ ...close, confirmAffected: 4 })).toMatchObject({
      status: "saved",
      cancelled: 4,
    });

    const after = await db
      .select({ status: bookings.status, reason: bookings.cancelReason, cancelledAt: bookings.cancelledAt })
      .from(bookings)
      .where(inArray(bookings.id, made));
    expect(after).toHaveLength(4);
    for (const b of after) {
      expect(b.status).toBe("cancelled");
      expect(b.reason).toContain("停电检修");
      expect(b.cancelledAt).not.toBeNull();
    }
    const seats = await db
      .select({ booked: slots.booked })
      .from(slots)
      .where(
        inArray(
          slots.id,
          daySlots.map((s) => s.id),
        ),
      );
    expect(seats.map((s) => s.booked)).toEqual([0, 0, 0]);
    const messages = await db
      .select({
        bookingId: smsOutbox.bookingId,
        kind: smsOutbox.kind,
        body: smsOutbox.body,
        phoneEnc: smsOutbox.phoneEnc,
      })
      .from(smsOutbox)
      .where(inArray(smsOutbox.bookingId, made));
    expect(messages.map((m) => m.bookingId).sort()).toEqual([...made].sort());
    for (const m of messages) {
      expect(m.kind).toBe("cancellation");
      expect(m.body).toContain("停电检修");
      expect(m.body).toContain("已取消");
    }
    expect(messages.filter((m) => decryptPii(m.phoneEnc) === phone)).toHaveLength(3);
    const [entry] = await db
      .select({ status: waitlistEntries.status })
      .from(waitlistEntries)
      .where(eq(waitlistEntries.phoneHash, lookupHash("phone", waiter)));
    expect(entry.status).toBe("cancelled");

    // The day passes: the sweep leaves the cancelled bookings alone.
    for (const [i, slot] of daySlots.entries()) {
      const startsAt = new Date(Date.now() - (i + 2) * 3_600_000);
      await db
        .update(slots)
        .set({ startsAt, endsAt: new Date(startsAt.getTime() + 30 * 60_000) })
        .where(eq(slots.id, slot.id));
    }
    await sweepNoShows();
    const swept = await db.select({ status: bookings.status }).from(bookings).where(inArray(bookings.id, made));
    expect(swept.every((b) => b.status === "cancelled")).toBe(true);

    // The closed day's bookings no longer count against the villager's quota.
    const { slotId } = await createTestSlot({ onlineCapacity: 3 });
    const { booking } = await createBooking({
      hallId,
      verifiedInPerson: true,
      request: bookingBodyFor({ service: items[46], slotId, phone }),
    });
    expect(booking.code).toBeTruthy();
  });

  it("leaves a booking on a session cancelled by an older version out of the no-show sweep", async () => {
    const db = await getDb();
    const day = await farDay(280);
    const [row] = await db
      .insert(bookings)
      .values({
        hallId,
        code: newBookingCode(),
        serviceItemId: await itemId(items[47]),
        slotId: day.slotIds[0],
        applicantName: "旧数据",
        ...sealPhone(uniquePhone()),
      })
      .returning({ id: bookings.id });
    await db.update(serviceSessions).set({ isCancelled: true }).where(eq(serviceSessions.id, day.sessionId));
    const startsAt = new Date(Date.now() - 2 * 3_600_000);
    await db
      .update(slots)
      .set({ startsAt, endsAt: new Date(startsAt.getTime() + 30 * 60_000) })
      .where(eq(slots.id, day.slotIds[0]));
    await sweepNoShows();
    const [after] = await db.select({ status: bookings.status }).from(bookings).where(eq(bookings.id, row.id));
    expect(after.status).not.toBe("no_show");
  });
});

describe("SMS outbox", () => {
  async function pendingFor(phone: string) {
    await enqueueSms(await getDb(), { hallId, kind: "cancellation", bookingId: null, phone, body: "测试短信" });
    const db = await getDb();
    const [row] = await db
      .select({ id: smsOutbox.id })
      .from(smsOutbox)
      .where(eq(smsOutbox.phoneMasked, sealPhone(phone).phoneMasked))
      .orderBy(sql`${smsOutbox.id} desc`)
      .limit(1);
    return row.id;
  }

  it("sends outside any transaction: another write proceeds while a slow sender sends", async () => {
    const db = await getDb();
    const phone = uniquePhone();
    const id = await pendingFor(phone);
    let started!: () => void;
    const sending = new Promise<void>((resolve) => (started = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const sent: string[] = [];
    const slow: SmsSender = {
      name: "slow",
      async send(message) {
        if (message.to === phone) {
          started();
          await released;
        }
        sent.push(message.to);
      },
    };
    setSmsSender(slow);
    try {
      const dispatch = dispatchOutbox({ limit: 1000 });
      await sending;
      const write = db
        .update(smsOutbox)
        .set({ lastError: null })
        .where(eq(smsOutbox.id, id))
        .then(() => "written");
      const timeout = new Promise((resolve) => setTimeout(() => resolve("blocked"), 3000));
      expect(await Promise.race([write, timeout])).toBe("written");
      if (process.env.TEST_DB_KIND === "postgres") {
        // No connection sits in an open transaction over the outbox while the sender waits.
        const idle = rowsOf<{ n: number }>(
          await db.execute(
            sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%' and query ilike '%sms_outbox%'`,
          ),
        );
        expect(idle[0].n).toBe(0);
      }
      release();
      await dispatch;
      await write;
    } finally {
      release();
      setSmsSender(logSender);
    }
    expect(sent.filter((to) => to === phone)).toHaveLength(1);
    const [row] = await db.select({ status: smsOutbox.status }).from(smsOutbox).where(eq(smsOutbox.id, id));
    expect(row.status).toBe("sent");
  });

  it("takes back a claim of a killed worker after its lease, and leaves a live claim alone", async () => {
    const db = await getDb();
    const livePhone = uniquePhone();
    const deadPhone = uniquePhone();
    const live = await pendingFor(livePhone);
    const dead = await pendingFor(deadPhone);
    // Another worker claimed both; it is still sending the first and was killed ten minutes ago.
    await db
      .update(smsOutbox)
      .set({ claimedAt: new Date(Date.now() - 30_000) })
      .where(eq(smsOutbox.id, live));
    await db
      .update(smsOutbox)
      .set({ claimedAt: new Date(Date.now() - 10 * 60_000) })
      .where(eq(smsOutbox.id, dead));
    const sent: string[] = [];
    setSmsSender({ name: "capture", send: async (m) => void sent.push(m.to) });
    try {
      await dispatchOutbox({ limit: 1000 });
      await dispatchOutbox({ limit: 1000 });
    } finally {
      setSmsSender(logSender);
    }
    expect(sent.filter((to) => to === deadPhone)).toHaveLength(1);
    expect(sent.filter((to) => to === livePhone)).toHaveLength(0);
    const rows = await db
      .select({ id: smsOutbox.id, status: smsOutbox.status })
      .from(smsOutbox)
      .where(inArray(smsOutbox.id, [live, dead]));
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [live]: "pending", [dead]: "sent" });
  });
});
