import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as cancelRoute } from "@/app/api/v1/bookings/[code]/cancel/route";
import { POST as rescheduleRoute } from "@/app/api/v1/bookings/[code]/reschedule/route";
import { GET as getBookingRoute } from "@/app/api/v1/bookings/[code]/route";
import { POST as bookRoute } from "@/app/api/v1/bookings/route";
import { POST as waitlistRoute } from "@/app/api/v1/waitlist/route";
import { getDb } from "@/db/client";
import { bookings, slots, smsOutbox, waitlistEntries } from "@/db/schema";
import { cancelBooking, createBooking, sweepNoShows } from "@/lib/booking";
import { decryptPii, lookupHash } from "@/lib/crypto";
import { consumeRateLimit } from "@/lib/rate-limit";
import { dispatchOutbox, enqueueReminders, setSmsSender, logSender } from "@/lib/notify";
import { idNumberCheckChar } from "@/lib/validation/identity";
import { addDays, atShanghai } from "@/lib/time";
import {
  bookableItemCodes,
  bookingBodyFor,
  createTestSlot,
  jsonRequest,
  sendPhoneCode,
  testHallId,
  uniquePhone,
  verifiedBookingBody,
} from "../support/fixtures";

const none = undefined as never;
const codeContext = (code: string) => ({ params: Promise.resolve({ code }) });
let items: string[];

beforeAll(async () => {
  items = await bookableItemCodes();
});

async function slotState(slotId: number) {
  const db = await getDb();
  const [slot] = await db
    .select({ booked: slots.booked, onlineCapacity: slots.onlineCapacity })
    .from(slots)
    .where(eq(slots.id, slotId));
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(bookings)
    .where(and(eq(bookings.slotId, slotId), eq(bookings.status, "confirmed")));
  return { ...slot, confirmed: n };
}

function validId(seed: number) {
  const first17 =
    `3301851950${String(1 + (seed % 12)).padStart(2, "0")}1${String(seed % 10)}${String(seed % 1000).padStart(3, "0")}`.slice(
      0,
      17,
    );
  return first17 + idNumberCheckChar(first17);
}

describe("no double booking", () => {
  it("gives 100 parallel requests for the last 3 seats exactly 3 bookings and 97 slot_full", async () => {
    const { slotId } = await createTestSlot({ onlineCapacity: 10, booked: 7 });
    const bodies = await Promise.all(
      Array.from({ length: 100 }, () => verifiedBookingBody({ service: items[0], slotId })),
    );
    const responses = await Promise.all(bodies.map((body) => bookRoute(jsonRequest("/api/v1/bookings", body), none)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(97);
    for (const r of responses.filter((r) => r.status === 409)) {
      expect(r.headers.get("content-type")).toContain("application/problem+json");
      expect((await r.json()).code).toBe("slot_full");
    }
    expect(await slotState(slotId)).toEqual({ booked: 10, onlineCapacity: 10, confirmed: 3 });
  });

  it("refuses an overfull slot in the database itself (CHECK), whatever the app does", async () => {
    const { slotId } = await createTestSlot({ onlineCapacity: 2, booked: 2 });
    const db = await getDb();
    await expect(db.update(slots).set({ booked: 3 }).where(eq(slots.id, slotId))).rejects.toThrow();
  });
});

describe("Idempotency-Key", () => {
  it("20 parallel retries with one key create one booking and all get the same answer", async () => {
    const { slotId } = await createTestSlot({ onlineCapacity: 50 });
    const body = await verifiedBookingBody({ service: items[1], slotId });
    const key = `retry-${Math.random().toString(36).slice(2)}`;
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        bookRoute(jsonRequest("/api/v1/bookings", body, { "idempotency-key": key }), none),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    const codes = new Set(await Promise.all(responses.map(async (r) => (await r.json()).code)));
    expect(codes.size).toBe(1);
    expect(await slotState(slotId)).toMatchObject({ booked: 1, confirmed: 1 });
  });

  it("answers the same key with another body with 422", async () => {
    const { slotId } = await createTestSlot({ onlineCapacity: 5 });
    const key = `k-${Math.random().toString(36).slice(2)}`;
    const first = await bookRoute(
      jsonRequest("/api/v1/bookings", await verifiedBookingBody({ service: items[2], slotId }), {
        "idempotency-key": key,
      }),
      none,
    );
    expect(first.status).toBe(201);
    const second = await bookRoute(
      jsonRequest("/api/v1/bookings", await verifiedBookingBody({ service: items[2], slotId }), {
        "idempotency-key": key,
      }),
      none,
    );
    expect(second.status).toBe(422);
    expect((await second.json()).code).toBe("idempotency_mismatch");
  });
});

describe("validation", () => {
  it("names every bad field in Chinese", async () => {
    const { slotId } = await createTestSlot({ onlineCapacity: 5 });
    const response = await bookRoute(
      jsonRequest("/api/v1/bookings", {
        service: items[0],
        slotId,
        name: "A",
        phone: "12345",
        idNumber: "330185199001011230",
      }),
      none,
    );
    expect(response.status).toBe(422);
    const problem = await response.json();
    expect(problem.code).toBe("invalid_input");
    expect(Object.keys(problem.fields).sort()).toEqual(["idNumber", "name", "phone"]);
    for (const message of Object.values(problem.fields)) expect(message).toMatch(/[\u4e00-\u9fff]/);
  });

  it("answers broken JSON, a wrong type and an unknown slot without a 500", async () => {
    expect((await bookRoute(jsonRequest("/api/v1/bookings", "{not json"), none)).status).toBe(400);
    expect((await bookRoute(jsonRequest("/api/v1/bookings", [1, 2]), none)).status).toBe(422);
    const unknownSlot = await bookRoute(
      jsonRequest("/api/v1/bookings", await verifiedBookingBody({ service: items[0], slotId: 2_000_000_000 })),
      none,
    );
    expect(unknownSlot.status).toBe(422);
    expect((await unknownSlot.json()).fields.slotId).toBeTruthy();
  });

  it("refuses a slot inside the minimum notice", async () => {
    const { slotId } = await createTestSlot({ onlineCapacity: 5, startsInMinutes: 20 });
    const response = await bookRoute(
      jsonRequest("/api/v1/bookings", await verifiedBookingBody({ service: items[0], slotId })),
      none,
    );
    expect(response.status).toBe(422);
    expect((await response.json()).fields.slotId).toContain("提前");
  });
});

describe("against scalpers", () => {
  // Several bookings for one phone, also racing: through the operation as at the desk (verified in
  // person), since one SMS code books once. The same checks hold for every way of booking.
  const bookInPerson = async (body: ReturnType<typeof bookingBodyFor>) =>
    createBooking({ hallId: await testHallId(), request: body, verifiedInPerson: true });

  it("allows one active booking per phone per item per day", async () => {
    const phone = uniquePhone();
    const a = await createTestSlot({ onlineCapacity: 5, daysAhead: 4 });
    const b = await createTestSlot({ onlineCapacity: 5, daysAhead: 4 });
    await bookInPerson(bookingBodyFor({ service: items[3], slotId: a.slotId, phone }));
    await expect(bookInPerson(bookingBodyFor({ service: items[3], slotId: b.slotId, phone }))).rejects.toMatchObject({
      code: "duplicate_booking",
      status: 409,
    });
  });

  it("allows three active bookings per phone in all, also when they race", async () => {
    const phone = uniquePhone();
    const slotsForPhone = await Promise.all(
      [0, 1, 2, 3, 4].map(() => createTestSlot({ onlineCapacity: 5, daysAhead: 5 })),
    );
    const results = await Promise.allSettled(
      slotsForPhone.map((s, i) => bookInPerson(bookingBodyFor({ service: items[10 + i], slotId: s.slotId, phone }))),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused).toHaveLength(2);
    for (const r of refused) expect(r.reason).toMatchObject({ code: "quota_exceeded", status: 429 });
  });

  it("suspends online booking for 30 days after three no-shows in 90 days", async () => {
    const phone = uniquePhone();
    for (let i = 0; i < 3; i++) {
      const { slotId } = await createTestSlot({ onlineCapacity: 5, daysAhead: 2 + i });
      await createBooking({
        hallId: await testHallId(),
        request: bookingBodyFor({ service: items[20 + i], slotId, phone }),
        verifiedInPerson: true,
      });
    }
    const db = await getDb();
    // The three slots pass without a visit: move them into the past and let the sweep run.
    const mine = await db
      .select({ slotId: bookings.slotId })
      .from(bookings)
      .where(eq(bookings.phoneHash, lookupHash("phone", phone)));
    expect(mine).toHaveLength(3);
    for (const [i, b] of mine.entries()) {
      const startsAt = new Date(Date.now() - (i + 2) * 86_400_000);
      await db
        .update(slots)
        .set({ startsAt, endsAt: new Date(startsAt.getTime() + 30 * 60_000) })
        .where(eq(slots.id, b.slotId));
    }
    expect((await sweepNoShows()).noShows).toBeGreaterThanOrEqual(3);
    const { slotId } = await createTestSlot({ onlineCapacity: 5 });
    const response = await bookRoute(
      jsonRequest("/api/v1/bookings", {
        ...bookingBodyFor({ service: items[30], slotId, phone }),
        phoneCode: await sendPhoneCode(phone),
      }),
      none,
    );
    expect(response.status).toBe(403);
    const problem = await response.json();
    expect(problem.code).toBe("booking_suspended");
    expect(problem.message).toContain("暂停至");
  });

  it("limits attempts per client address per minute", async () => {
    const key = `test:${Math.random()}`;
    for (let i = 0; i < 5; i++) await consumeRateLimit({ key, limit: 5 });
    await expect(consumeRateLimit({ key, limit: 5 })).rejects.toMatchObject({ code: "rate_limited" });
    await consumeRateLimit({ key: `${key}:other`, limit: 5 });
  });
});

describe("look-up, cancel, reschedule", () => {
  it("shows a booking only to its code plus phone, masked", async () => {
    const { slotId } = await createTestSlot({ onlineCapacity: 5 });
    const body = await verifiedBookingBody({ service: items[4], slotId, idNumber: validId(7) });
    const created = await (await bookRoute(jsonRequest("/api/v1/bookings", body), none)).json();
    expect(created.phone).toBe(`${body.phone.slice(0, 3)}****${body.phone.slice(-4)}`);
    expect(created.idNumber).toMatch(/^330185\*{8}\d{3}[\dX]$/);
    const found = await getBookingRoute(
      new Request(`http://hall/api/v1/bookings/${created.code}?phone=${body.phone}`),
      codeContext(created.code),
    );
    expect(found.status).toBe(200);
    expect(JSON.stringify(await found.json())).not.toContain(body.phone);
    const wrongPhone = await getBookingRoute(
      new Request(`http://hall/api/v1/bookings/${created.code}?phone=13900000000`),
      codeContext(created.code),
    );
    expect(wrongPhone.status).toBe(404);
  });

  it("cancels once, frees the seat, and refuses a second cancel", async () => {
    const { slotId } = await createTestSlot({ onlineCapacity: 1 });
    const body = await verifiedBookingBody({ service: items[5], slotId });
    const created = await (await bookRoute(jsonRequest("/api/v1/bookings", body), none)).json();
    expect(await slotState(slotId)).toMatchObject({ booked: 1 });
    const cancelled = await cancelRoute(
      jsonRequest(`/api/v1/bookings/${created.code}/cancel`, { phone: body.phone }),
      codeContext(created.code),
    );
    expect((await cancelled.json()).status).toBe("cancelled");
    expect(await slotState(slotId)).toMatchObject({ booked: 0 });
    const again = await cancelRoute(
      jsonRequest(`/api/v1/bookings/${created.code}/cancel`, { phone: body.phone }),
      codeContext(created.code),
    );
    expect(again.status).toBe(409);
    const wrong = await cancelRoute(
      jsonRequest(`/api/v1/bookings/${created.code}/cancel`, { phone: "13900000000" }),
      codeContext(created.code),
    );
    expect(wrong.status).toBe(404);
  });

  it("reschedules under the same code, moving the seat, and never changes the name", async () => {
    const from = await createTestSlot({ onlineCapacity: 3 });
    const to = await createTestSlot({ onlineCapacity: 3, daysAhead: 6 });
    const body = await verifiedBookingBody({ service: items[6], slotId: from.slotId });
    const created = await (await bookRoute(jsonRequest("/api/v1/bookings", body), none)).json();
    const renamed = await rescheduleRoute(
      jsonRequest(`/api/v1/bookings/${created.code}/reschedule`, {
        phone: body.phone,
        slotId: to.slotId,
        name: "李四",
      }),
      codeContext(created.code),
    );
    expect(renamed.status).toBe(422);
    expect((await renamed.json()).fields.name).toContain("不能修改");
    const moved = await rescheduleRoute(
      jsonRequest(`/api/v1/bookings/${created.code}/reschedule`, { phone: body.phone, slotId: to.slotId }),
      codeContext(created.code),
    );
    expect(moved.status).toBe(200);
    const view = await moved.json();
    expect(view.code).toBe(created.code);
    expect(view.slot.id).toBe(to.slotId);
    expect(view.name).toBe(body.name);
    expect(await slotState(from.slotId)).toMatchObject({ booked: 0 });
    expect(await slotState(to.slotId)).toMatchObject({ booked: 1 });
  });
});

describe("waitlist", () => {
  it("gives a freed seat to the first in line and tells them by SMS", async () => {
    const { slotId } = await createTestSlot({ onlineCapacity: 1 });
    const holder = await verifiedBookingBody({ service: items[7], slotId });
    const booked = await (await bookRoute(jsonRequest("/api/v1/bookings", holder), none)).json();
    const full = await bookRoute(
      jsonRequest("/api/v1/bookings", await verifiedBookingBody({ service: items[7], slotId })),
      none,
    );
    expect(full.status).toBe(409);

    const first = await verifiedBookingBody({ service: items[7], slotId, name: "王五" });
    const second = await verifiedBookingBody({ service: items[7], slotId, name: "赵六" });
    const joined = await waitlistRoute(jsonRequest("/api/v1/waitlist", first), none);
    expect(joined.status).toBe(201);
    expect((await joined.json()).position).toBe(1);
    expect((await (await waitlistRoute(jsonRequest("/api/v1/waitlist", second), none)).json()).position).toBe(2);

    await cancelBooking({ hallId: await testHallId(), code: booked.code, owner: { phone: holder.phone } });
    expect(await slotState(slotId)).toMatchObject({ booked: 1, confirmed: 1 });
    const db = await getDb();
    const [promoted] = await db
      .select({
        status: waitlistEntries.status,
        bookingId: waitlistEntries.bookingId,
        name: waitlistEntries.applicantName,
      })
      .from(waitlistEntries)
      .where(and(eq(waitlistEntries.slotId, slotId), eq(waitlistEntries.status, "booked")));
    expect(promoted.name).toBe("王五");
    const [sms] = await db
      .select({ phoneEnc: smsOutbox.phoneEnc, body: smsOutbox.body })
      .from(smsOutbox)
      .where(and(eq(smsOutbox.bookingId, promoted.bookingId!), eq(smsOutbox.kind, "waitlist_seat")));
    expect(decryptPii(sms.phoneEnc)).toBe(first.phone);
    expect(sms.body).toContain("候补成功");
  });

  it("sends a villager with a free seat to book it instead", async () => {
    const { slotId } = await createTestSlot({ onlineCapacity: 2 });
    const response = await waitlistRoute(
      jsonRequest("/api/v1/waitlist", await verifiedBookingBody({ service: items[8], slotId })),
      none,
    );
    expect(response.status).toBe(409);
    expect((await response.json()).code).toBe("slot_available");
  });
});

describe("SMS outbox", () => {
  it("sends pending messages once through the sender and writes one reminder per booking", async () => {
    const sent: { to: string; body: string }[] = [];
    setSmsSender({ name: "capture", send: async (m) => void sent.push(m) });
    try {
      const phone = uniquePhone();
      const { slotId, date } = await createTestSlot({ onlineCapacity: 3, daysAhead: 1 });
      const { booking } = await createBooking({
        hallId: await testHallId(),
        request: bookingBodyFor({ service: items[9], slotId, phone }),
        verifiedInPerson: true,
      });
      await dispatchOutbox({ limit: 1000 });
      expect(sent.some((m) => m.to === phone && m.body.includes("预约码"))).toBe(true);
      const before = sent.length;
      await dispatchOutbox({ limit: 1000 });
      expect(sent.length).toBe(before);
      const db = await getDb();
      // The day before the visit, the reminder job runs more than once.
      const dayBefore = atShanghai(addDays(date, -1), "10:00");
      await enqueueReminders({ now: dayBefore });
      await enqueueReminders({ now: dayBefore });
      const [own] = await db.select({ id: bookings.id }).from(bookings).where(eq(bookings.code, booking.code));
      const reminders = await db
        .select({ body: smsOutbox.body })
        .from(smsOutbox)
        .where(and(eq(smsOutbox.bookingId, own.id), eq(smsOutbox.kind, "reminder")));
      expect(reminders).toHaveLength(1);
      expect(reminders[0].body).toContain(booking.code);
    } finally {
      setSmsSender(logSender);
    }
  });
});
