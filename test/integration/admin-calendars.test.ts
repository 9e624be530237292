import { and, asc, desc, eq, gt, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import {
  auditLog,
  bookings,
  halls,
  serviceItems,
  serviceSessions,
  slots,
  smsOutbox,
  villages,
  villageVisits,
  waitlistEntries,
  weekendRoster,
} from "@/db/schema";
import { setCalendarOverride } from "@/lib/admin/calendar";
import { removeCalendarOverride } from "@/lib/admin/remove-calendar-override";
import { setOpeningHours } from "@/lib/admin/set-opening-hours";
import { setVillageRotation } from "@/lib/admin/set-village-rotation";
import { setWeekendPost } from "@/lib/admin/set-weekend-post";
import { updateVillage } from "@/lib/admin/update-village";
import type { Actor } from "@/lib/auth/actor";
import { listAvailability } from "@/lib/booking";
import { newBookingCode } from "@/lib/booking/code";
import { createBooking } from "@/lib/booking/create-booking";
import { ensureSessions } from "@/lib/booking/sessions";
import { bookingSettings } from "@/lib/booking/settings";
import { sealPhone } from "@/lib/crypto";
import { loadCatalogue } from "@/lib/demo/load-catalogue";
import { AppError } from "@/lib/errors";
import { addDays, isoWeekday, isStateWorkday, shanghaiDate, shanghaiTime } from "@/lib/time";
import { staffActorIn, unique, uniqueCasePrefix, uniquePhone } from "../support/fixtures";
import { expectCode } from "../support/errors";

// The admin's calendars (issue #12, item 4): every change that touches booked days counts the
// bookings first, saves nothing until that count is confirmed, then cancels (or moves) each with
// one SMS and one audit line, all in one transaction. Each test has a hall of its own.

async function startHall() {
  const db = await getDb();
  const hallCode = unique("adm");
  const today = shanghaiDate();
  await loadCatalogue(db, {
    hallCode,
    hall: { name: `测试镇${hallCode}`, address: "测试地址", phone: "0571-0000000", casePrefix: uniqueCasePrefix() },
    today,
  });
  const [hall] = await db.select({ id: halls.id }).from(halls).where(eq(halls.code, hallCode));
  await ensureSessions(db, { hallId: hall.id, from: today, to: addDays(today, bookingSettings().horizonDays) });
  const admin = await staffActorIn({ role: "admin", hallId: hall.id });
  return { hallId: hall.id, admin };
}

/** The first session of the channel after today (tomorrow at the earliest). */
async function nextSession(hallId: number, channel: "window" | "weekend" | "village") {
  const db = await getDb();
  const [session] = await db
    .select({ id: serviceSessions.id, date: serviceSessions.date, villageVisitId: serviceSessions.villageVisitId })
    .from(serviceSessions)
    .where(
      and(
        eq(serviceSessions.hallId, hallId),
        eq(serviceSessions.channel, channel),
        gt(serviceSessions.date, shanghaiDate()),
        eq(serviceSessions.isCancelled, false),
      ),
    )
    .orderBy(asc(serviceSessions.date))
    .limit(1);
  return session;
}

async function slotsOf(sessionId: number) {
  const db = await getDb();
  return db
    .select({ id: slots.id, startsAt: slots.startsAt, booked: slots.booked, isWithdrawn: slots.isWithdrawn })
    .from(slots)
    .where(eq(slots.sessionId, sessionId))
    .orderBy(asc(slots.startsAt));
}

/** Confirmed bookings straight in the database (a seat taken for each), one phone each. */
async function book(hallId: number, slotIds: number[], options: { category?: string } = {}) {
  const db = await getDb();
  const [item] = await db
    .select({ id: serviceItems.id })
    .from(serviceItems)
    .where(
      and(
        eq(serviceItems.hallId, hallId),
        eq(serviceItems.isBookable, true),
        options.category ? eq(serviceItems.category, options.category) : undefined,
      ),
    )
    .limit(1);
  const ids: number[] = [];
  for (const slotId of slotIds) {
    await db
      .update(slots)
      .set({ booked: sql`${slots.booked} + 1` })
      .where(eq(slots.id, slotId));
    const [row] = await db
      .insert(bookings)
      .values({
        hallId,
        code: newBookingCode(),
        serviceItemId: item.id,
        slotId,
        applicantName: "日历测试",
        ...sealPhone(uniquePhone()),
      })
      .returning({ id: bookings.id });
    ids.push(row.id);
  }
  return ids;
}

async function statusOf(ids: number[]) {
  const db = await getDb();
  const rows = await db
    .select({ status: bookings.status })
    .from(bookings)
    .where(inArray(bookings.id, ids))
    .orderBy(asc(bookings.id));
  return rows.map((r) => r.status);
}

async function smsFor(ids: number[]) {
  const db = await getDb();
  return db
    .select({ bookingId: smsOutbox.bookingId, kind: smsOutbox.kind, body: smsOutbox.body })
    .from(smsOutbox)
    .where(inArray(smsOutbox.bookingId, ids))
    .orderBy(asc(smsOutbox.bookingId));
}

async function auditsOf(actor: Actor) {
  const db = await getDb();
  return db.select().from(auditLog).where(eq(auditLog.actorId, actor.id)).orderBy(desc(auditLog.id));
}

describe("weekend-post roster", () => {
  it("a roster change with bookings on the affected days counts them first, then writes one SMS per booking", async () => {
    const { hallId, admin } = await startHall();
    const session = await nextSession(hallId, "weekend");
    const weekday = isoWeekday(session.date) as 6 | 7;
    const daySlots = await slotsOf(session.id);
    const made = await book(hallId, [daySlots[0].id, daySlots[0].id, daySlots[1].id]);

    // The preview: the count, and nothing saved (no cancellation, no SMS, no audit line).
    const preview = await setWeekendPost({ actor: admin, weekday, post: null });
    expect(preview).toEqual({ status: "needs_confirmation", affected: 3 });
    expect(await statusOf(made)).toEqual(["confirmed", "confirmed", "confirmed"]);
    expect(await smsFor(made)).toEqual([]);
    expect(await auditsOf(admin)).toEqual([]);

    const saved = await setWeekendPost({ actor: admin, weekday, post: null, confirmAffected: 3 });
    expect(saved).toMatchObject({ status: "saved", affected: 3, cancelled: 3 });
    expect(await statusOf(made)).toEqual(["cancelled", "cancelled", "cancelled"]);
    const messages = await smsFor(made);
    expect(messages.map((m) => m.bookingId)).toEqual(made);
    for (const m of messages) {
      expect(m.kind).toBe("cancellation");
      expect(m.body).toContain("周末服务岗暂停");
    }
    expect((await slotsOf(session.id)).every((s) => s.booked === 0 && s.isWithdrawn)).toBe(true);
    const [audit, ...others] = await auditsOf(admin);
    expect(others).toEqual([]);
    expect(audit).toMatchObject({
      hallId,
      action: "calendar.cancel_weekend_post",
      objectType: "weekend_post",
      objectId: String(weekday),
      result: "ok",
    });
    const db = await getDb();
    const [row] = await db
      .select()
      .from(weekendRoster)
      .where(and(eq(weekendRoster.hallId, hallId), eq(weekendRoster.date, session.date)));
    expect(row.isCancelled).toBe(true);

    // Nobody can book that day any more; the pattern brings the posts back.
    const [item] = await db
      .select({ code: serviceItems.code })
      .from(serviceItems)
      .where(and(eq(serviceItems.hallId, hallId), sql`'weekend' = any(${serviceItems.channels})`));
    const offered = await listAvailability({
      hallId,
      service: item.code,
      from: session.date,
      to: session.date,
      channel: "weekend",
    });
    expect(offered.slots).toEqual([]);
    const back = await setWeekendPost({
      actor: admin,
      weekday,
      post: { location: "新大厅", startTime: "09:00", endTime: "12:00" },
    });
    expect(back).toMatchObject({ status: "saved", affected: 0 });
    const again = await listAvailability({
      hallId,
      service: item.code,
      from: session.date,
      to: session.date,
      channel: "weekend",
    });
    expect(again.slots.length).toBe(6);
    expect(again.slots[0].location).toBe("新大厅");
  });

  it("shorter hours cancel the bookings outside them; a new place moves the others, each told once", async () => {
    const { hallId, admin } = await startHall();
    const session = await nextSession(hallId, "weekend");
    const weekday = isoWeekday(session.date) as 6 | 7;
    const daySlots = await slotsOf(session.id);
    const last = daySlots[daySlots.length - 1];
    expect(shanghaiTime(last.startsAt)).toBe("11:30");
    const [kept] = await book(hallId, [daySlots[0].id]);
    const [gone] = await book(hallId, [last.id]);
    const post = { location: "村文化礼堂", startTime: "09:00", endTime: "11:00" };

    expect(await setWeekendPost({ actor: admin, weekday, post })).toEqual({
      status: "needs_confirmation",
      affected: 2,
    });
    const saved = await setWeekendPost({ actor: admin, weekday, post, confirmAffected: 2 });
    expect(saved).toMatchObject({ status: "saved", cancelled: 1, moved: 1 });
    expect(await statusOf([kept, gone])).toEqual(["confirmed", "cancelled"]);
    const messages = await smsFor([kept, gone]);
    expect(messages.map((m) => [m.bookingId, m.kind])).toEqual([
      [kept, "rescheduled"],
      [gone, "cancellation"],
    ]);
    expect(messages[0].body).toContain("村文化礼堂");
    const after = await slotsOf(session.id);
    expect(after.filter((s) => s.isWithdrawn).map((s) => shanghaiTime(s.startsAt))).toEqual(["11:00", "11:30"]);
  });

  it("asks again when a booking arrived between the preview and the confirmation", async () => {
    const { hallId, admin } = await startHall();
    const session = await nextSession(hallId, "weekend");
    const weekday = isoWeekday(session.date) as 6 | 7;
    const daySlots = await slotsOf(session.id);
    const first = await book(hallId, [daySlots[0].id]);
    expect(await setWeekendPost({ actor: admin, weekday, post: null })).toEqual({
      status: "needs_confirmation",
      affected: 1,
    });
    const second = await book(hallId, [daySlots[2].id]);
    expect(await setWeekendPost({ actor: admin, weekday, post: null, confirmAffected: 1 })).toEqual({
      status: "needs_confirmation",
      affected: 2,
    });
    expect(await statusOf([...first, ...second])).toEqual(["confirmed", "confirmed"]);
    expect(await setWeekendPost({ actor: admin, weekday, post: null, confirmAffected: 2 })).toMatchObject({
      status: "saved",
    });
    expect(await smsFor([...first, ...second])).toHaveLength(2);
  });

  it("a booking racing the calling-off of a post either lands before it (and is counted) or is refused", async () => {
    const { hallId, admin } = await startHall();
    const session = await nextSession(hallId, "weekend");
    const weekday = isoWeekday(session.date) as 6 | 7;
    const daySlots = await slotsOf(session.id);
    const db = await getDb();
    const [item] = await db
      .select({ code: serviceItems.code })
      .from(serviceItems)
      .where(
        and(
          eq(serviceItems.hallId, hallId),
          eq(serviceItems.isBookable, true),
          sql`'weekend' = any(${serviceItems.channels})`,
        ),
      )
      .limit(1);
    const racers = daySlots.slice(0, 4).map((slot) =>
      createBooking({
        hallId,
        verifiedInPerson: true,
        request: { service: item.code, slotId: slot.id, name: "抢约", phone: uniquePhone() },
      }).then(
        (r) => r.booking.code,
        (e: unknown) => (e instanceof AppError ? e.code : Promise.reject(e)),
      ),
    );
    const [change, ...outcomes] = await Promise.all([setWeekendPost({ actor: admin, weekday, post: null }), ...racers]);
    for (const o of outcomes) expect(o).toMatch(/^[2-9A-Z]{6}$|^conflict$|^invalid_input$/);
    const confirmed = await db
      .select({ id: bookings.id })
      .from(bookings)
      .where(
        and(
          eq(bookings.status, "confirmed"),
          inArray(
            bookings.slotId,
            daySlots.map((s) => s.id),
          ),
        ),
      );
    if (change.status === "saved") {
      // Saved with nothing to confirm: no booking had committed, and none got in afterwards.
      expect(confirmed).toEqual([]);
      expect((await slotsOf(session.id)).every((s) => s.isWithdrawn && s.booked === 0)).toBe(true);
    } else {
      // A booking got in first: nothing was saved. Others may have come after the count (the
      // preview saves nothing), so confirming the old count asks again with the new one.
      expect(change.affected).toBeGreaterThanOrEqual(1);
      expect(change.affected).toBeLessThanOrEqual(confirmed.length);
      expect((await slotsOf(session.id)).some((s) => s.isWithdrawn)).toBe(false);
      const again = await setWeekendPost({ actor: admin, weekday, post: null, confirmAffected: change.affected });
      expect(again).toMatchObject(
        change.affected === confirmed.length
          ? { status: "saved", cancelled: confirmed.length }
          : { status: "needs_confirmation", affected: confirmed.length },
      );
      if (again.status === "needs_confirmation")
        await setWeekendPost({ actor: admin, weekday, post: null, confirmAffected: again.affected });
      expect(await statusOf(confirmed.map((b) => b.id))).toEqual(confirmed.map(() => "cancelled"));
      const cancellations = (await smsFor(confirmed.map((b) => b.id))).filter((m) => m.kind === "cancellation");
      expect(cancellations).toHaveLength(confirmed.length);
    }
  });

  it("a dated post on one day, and refusals: a weekday date, another hall's staff, a non-admin", async () => {
    const { hallId, admin } = await startHall();
    const session = await nextSession(hallId, "weekend");
    const daySlots = await slotsOf(session.id);
    const made = await book(hallId, [daySlots[0].id]);
    const clerk = await staffActorIn({ role: "clerk", hallId });
    const result = await setWeekendPost({
      actor: admin,
      date: session.date,
      post: { location: "临时岗", startTime: "09:00", endTime: "12:00", staffUserId: clerk.id },
      confirmAffected: 1,
    });
    expect(result).toMatchObject({ status: "saved", moved: 1 });
    const db = await getDb();
    const [row] = await db
      .select()
      .from(weekendRoster)
      .where(and(eq(weekendRoster.hallId, hallId), eq(weekendRoster.date, session.date)));
    expect(row).toMatchObject({ location: "临时岗", staffUserId: clerk.id, isCancelled: false });
    expect((await auditsOf(admin))[0]).toMatchObject({
      action: "calendar.set_weekend_post",
      objectType: "weekend_post_date",
      objectId: session.date,
    });
    expect(await statusOf(made)).toEqual(["confirmed"]);

    let monday = addDays(shanghaiDate(), 1);
    while (isoWeekday(monday) !== 1) monday = addDays(monday, 1);
    const post = { location: "x", startTime: "09:00", endTime: "12:00" };
    expect(
      (await expectCode(setWeekendPost({ actor: admin, date: monday, post }), "invalid_input")).fields,
    ).toHaveProperty("date");
    const stranger = await startHall();
    const error = await expectCode(
      setWeekendPost({ actor: admin, weekday: 6, post: { ...post, staffUserId: stranger.admin.id } }),
      "invalid_input",
    );
    expect(error.fields).toHaveProperty("staffUserId");
    await expectCode(setWeekendPost({ actor: clerk, weekday: 6, post }), "forbidden");
    expect(await auditsOf(clerk)).toEqual([]);
  });
});

describe("opening hours", () => {
  it("shorter afternoons cancel the window bookings after the new closing time, and longer ones add slots", async () => {
    const { hallId, admin } = await startHall();
    const session = await nextSession(hallId, "window");
    const daySlots = await slotsOf(session.id);
    const late = daySlots.find((s) => shanghaiTime(s.startsAt) === "16:30")!;
    const early = daySlots.find((s) => shanghaiTime(s.startsAt) === "09:00")!;
    const made = await book(hallId, [late.id, early.id]);
    const hours = {
      weekdays: [1, 2, 3, 4, 5],
      morningStart: "08:30",
      morningEnd: "12:00",
      afternoonStart: "13:30",
      afternoonEnd: "16:30",
    };
    expect(await setOpeningHours({ actor: admin, ...hours })).toEqual({ status: "needs_confirmation", affected: 1 });
    expect(await setOpeningHours({ actor: admin, ...hours, confirmAffected: 1 })).toMatchObject({
      status: "saved",
      cancelled: 1,
    });
    expect(await statusOf(made)).toEqual(["cancelled", "confirmed"]);
    const messages = await smsFor(made);
    expect(messages).toHaveLength(1);
    expect(messages[0].body).toContain("调整办公时间");
    expect((await auditsOf(admin))[0]).toMatchObject({ action: "calendar.set_hours", objectType: "opening_hours" });

    // Longer hours: 17:00–17:30 is made at once, and the withdrawn 16:30 comes back.
    await setOpeningHours({ actor: admin, ...hours, afternoonEnd: "17:30" });
    const after = await slotsOf(session.id);
    expect(after.filter((s) => !s.isWithdrawn).map((s) => shanghaiTime(s.startsAt))).toContain("17:00");
    expect(after.every((s) => !s.isWithdrawn)).toBe(true);
  });

  it("refuses hours in the wrong order with a field error, and writes nothing", async () => {
    const { admin } = await startHall();
    const error = await expectCode(
      setOpeningHours({
        actor: admin,
        weekdays: [1],
        morningStart: "12:00",
        morningEnd: "08:30",
        afternoonStart: "13:30",
        afternoonEnd: "17:00",
      }),
      "invalid_input",
    );
    expect(error.fields).toBeDefined();
    expect(await auditsOf(admin)).toEqual([]);
  });
});

describe("village rotation", () => {
  it("a new rotation cancels the bookings of a day that gets another village, and the new village can be booked", async () => {
    const { hallId, admin } = await startHall();
    const session = await nextSession(hallId, "village");
    const db = await getDb();
    const [visit] = await db.select().from(villageVisits).where(eq(villageVisits.id, session.villageVisitId!));
    const daySlots = await slotsOf(session.id);
    const made = await book(hallId, [daySlots[0].id], { category: visit.categories[0] });
    const waiter = uniquePhone();
    const [item] = await db
      .select({ id: serviceItems.id })
      .from(serviceItems)
      .where(eq(serviceItems.hallId, hallId))
      .limit(1);
    await db
      .insert(waitlistEntries)
      .values({ hallId, slotId: daySlots[0].id, serviceItemId: item.id, applicantName: "候补", ...sealPhone(waiter) });
    const hallVillages = await db
      .select({ id: villages.id, name: villages.name })
      .from(villages)
      .where(eq(villages.hallId, hallId))
      .orderBy(asc(villages.id));
    const other = hallVillages.filter((v) => v.id !== visit.villageId).slice(0, 2);
    const categories = (
      await db
        .selectDistinct({ category: serviceItems.category })
        .from(serviceItems)
        .where(
          and(
            eq(serviceItems.hallId, hallId),
            eq(serviceItems.isBookable, true),
            sql`'village' = any(${serviceItems.channels})`,
          ),
        )
        .orderBy(serviceItems.category)
    )
      .map((c) => c.category)
      .slice(0, 2);
    const rotation = {
      startsOn: session.date,
      weekday: 2,
      startTime: "14:00",
      endTime: "16:00",
      villages: other.map((v) => ({ villageId: v.id, location: `${v.name}文化礼堂` })),
      themes: [{ theme: "专场服务", categories }],
    };
    expect(await setVillageRotation({ actor: admin, ...rotation })).toEqual({
      status: "needs_confirmation",
      affected: 1,
    });
    const saved = await setVillageRotation({ actor: admin, ...rotation, confirmAffected: 1 });
    expect(saved).toMatchObject({ status: "saved", cancelled: 1, waitlist: 1 });
    expect(await statusOf(made)).toEqual(["cancelled"]);
    expect((await smsFor(made))[0].body).toContain("下村服务日安排调整");
    expect((await auditsOf(admin))[0]).toMatchObject({
      action: "calendar.set_village_rotation",
      objectType: "village_rotation",
    });

    const visits = await db
      .select({ villageId: villageVisits.villageId, isCancelled: villageVisits.isCancelled })
      .from(villageVisits)
      .where(and(eq(villageVisits.hallId, hallId), eq(villageVisits.date, session.date)));
    expect(visits).toEqual(
      expect.arrayContaining([
        { villageId: visit.villageId, isCancelled: true },
        { villageId: other[0].id, isCancelled: false },
      ]),
    );
    const [offered] = await db
      .select({ code: serviceItems.code })
      .from(serviceItems)
      .where(
        and(
          eq(serviceItems.hallId, hallId),
          eq(serviceItems.isBookable, true),
          sql`'village' = any(${serviceItems.channels})`,
          inArray(serviceItems.category, categories),
        ),
      )
      .limit(1);
    const available = await listAvailability({
      hallId,
      service: offered.code,
      from: session.date,
      to: session.date,
      channel: "village",
    });
    expect(available.slots.map((s) => [s.start, s.villageName])).toEqual([
      ["14:00", other[0].name],
      ["14:30", other[0].name],
      ["15:00", other[0].name],
      ["15:30", other[0].name],
    ]);
  });

  it("refuses a start in the past, a village of another hall and a non-admin", async () => {
    const { hallId, admin } = await startHall();
    const stranger = await startHall();
    const db = await getDb();
    const [foreign] = await db.select({ id: villages.id }).from(villages).where(eq(villages.hallId, stranger.hallId));
    const base = {
      startsOn: addDays(shanghaiDate(), 7),
      weekday: 2,
      startTime: "09:00",
      endTime: "11:30",
      villages: [{ villageId: foreign.id, location: "x" }],
      themes: [{ theme: "主题", categories: ["不存在的类别"] }],
    };
    await expectCode(setVillageRotation({ actor: admin, ...base, startsOn: shanghaiDate() }), "invalid_input");
    const error = await expectCode(setVillageRotation({ actor: admin, ...base }), "invalid_input");
    expect(error.fields).toHaveProperty("villages");
    const clerk = await staffActorIn({ role: "clerk", hallId });
    await expectCode(setVillageRotation({ actor: clerk, ...base }), "forbidden");
    expect(await auditsOf(admin)).toEqual([]);
  });

  it("sets a village's contact, audited; another hall's village is not found", async () => {
    const { hallId, admin } = await startHall();
    const stranger = await startHall();
    const db = await getDb();
    const [own] = await db.select({ id: villages.id }).from(villages).where(eq(villages.hallId, hallId));
    await updateVillage({ actor: admin, villageId: own.id, contactName: "王主任", contactPhone: "0571-1234567" });
    const [row] = await db.select().from(villages).where(eq(villages.id, own.id));
    expect(row).toMatchObject({ contactName: "王主任", contactPhone: "0571-1234567" });
    expect((await auditsOf(admin))[0]).toMatchObject({ action: "village.update", objectId: String(own.id) });
    const [foreign] = await db.select({ id: villages.id }).from(villages).where(eq(villages.hallId, stranger.hallId));
    await expectCode(
      updateVillage({ actor: admin, villageId: foreign.id, contactName: null, contactPhone: null }),
      "not_found",
    );
  });
});

describe("holiday overrides", () => {
  it("closing a day counts its bookings first; removing the override gives the day back", async () => {
    const { hallId, admin } = await startHall();
    const session = await nextSession(hallId, "window");
    const daySlots = await slotsOf(session.id);
    const made = await book(hallId, [daySlots[0].id, daySlots[3].id]);
    const close = { actor: admin, date: session.date, isOpen: false, reason: "防汛值守" };
    expect(await setCalendarOverride(close)).toEqual({ status: "needs_confirmation", affected: 2 });
    expect(await setCalendarOverride({ ...close, confirmAffected: 2 })).toMatchObject({
      status: "saved",
      cancelled: 2,
    });
    expect(await statusOf(made)).toEqual(["cancelled", "cancelled"]);
    expect(await smsFor(made)).toHaveLength(2);

    // Edited (another reason), then removed: the window session is offered again.
    expect(await setCalendarOverride({ ...close, reason: "停电检修" })).toMatchObject({ status: "saved", affected: 0 });
    expect(await removeCalendarOverride({ actor: admin, date: session.date })).toMatchObject({ status: "saved" });
    const db = await getDb();
    const [back] = await db
      .select({ isCancelled: serviceSessions.isCancelled })
      .from(serviceSessions)
      .where(eq(serviceSessions.id, session.id));
    expect(back.isCancelled).toBe(isStateWorkday(session.date) ? false : true);
    expect((await auditsOf(admin)).map((a) => a.action)).toEqual([
      "calendar.remove_override",
      "calendar.close",
      "calendar.close",
    ]);
    await expectCode(removeCalendarOverride({ actor: admin, date: session.date }), "not_found");
  });

  it("removing the opening of a holiday cancels the bookings made for it, after the count is confirmed", async () => {
    const { hallId, admin } = await startHall();
    const weekend = await nextSession(hallId, "weekend");
    const open = { actor: admin, date: weekend.date, isOpen: true, reason: "调休加班" };
    expect(await setCalendarOverride(open)).toMatchObject({ status: "saved" });
    const db = await getDb();
    const [windowSession] = await db
      .select({ id: serviceSessions.id })
      .from(serviceSessions)
      .where(
        and(
          eq(serviceSessions.hallId, hallId),
          eq(serviceSessions.channel, "window"),
          eq(serviceSessions.date, weekend.date),
        ),
      );
    const daySlots = await slotsOf(windowSession.id);
    const made = await book(hallId, [daySlots[1].id]);
    expect(await removeCalendarOverride({ actor: admin, date: weekend.date })).toEqual({
      status: "needs_confirmation",
      affected: 1,
    });
    expect(await removeCalendarOverride({ actor: admin, date: weekend.date, confirmAffected: 1 })).toMatchObject({
      status: "saved",
      cancelled: 1,
    });
    expect(await statusOf(made)).toEqual(["cancelled"]);
    expect(await smsFor(made)).toHaveLength(1);
  });
});
