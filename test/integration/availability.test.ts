import { and, asc, eq, gte, lte } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as availabilityRoute } from "@/app/api/v1/availability/route";
import { getDb } from "@/db/client";
import { calendarOverrides, serviceItems, serviceSessions, villageVisits } from "@/db/schema";
import { listAvailability, listBookingDays } from "@/lib/booking";
import { ensureSessions } from "@/lib/booking/sessions";
import { addDays, isStateWorkday, isoWeekday, shanghaiDate } from "@/lib/time";
import { createTestSlot, testHallId } from "../support/fixtures";

const none = undefined as never;
let hallId: number;
const today = shanghaiDate();

async function itemWith(where: (i: { channels: string[]; category: string; isBookable: boolean }) => boolean) {
  const db = await getDb();
  const rows = await db
    .select({
      code: serviceItems.code,
      channels: serviceItems.channels,
      category: serviceItems.category,
      isBookable: serviceItems.isBookable,
    })
    .from(serviceItems)
    .where(eq(serviceItems.hallId, await testHallId()));
  return rows.find(where)!;
}

beforeAll(async () => {
  hallId = await testHallId();
  const db = await getDb();
  await ensureSessions(db, { hallId, from: today, to: addDays(today, 14) });
});

describe("sessions from the opening rules", () => {
  it("open the hall on working days only: closed on public holidays, open on make-up days", async () => {
    const db = await getDb();
    // National Day week 2026 and its make-up Saturday, and New Year 2027 (statutory fallback).
    await ensureSessions(db, { hallId, from: "2026-09-28", to: "2026-10-11" });
    await ensureSessions(db, { hallId, from: "2026-12-30", to: "2027-01-04" });
    const windowDays = await db
      .select({ date: serviceSessions.date })
      .from(serviceSessions)
      .where(and(eq(serviceSessions.hallId, hallId), eq(serviceSessions.channel, "window")));
    const dates = new Set(windowDays.map((d) => d.date));
    expect(dates.has("2026-09-30")).toBe(true);
    for (const holiday of ["2026-10-01", "2026-10-05", "2026-10-07", "2027-01-01"])
      expect(dates.has(holiday)).toBe(false);
    expect(dates.has("2026-10-10")).toBe(true);
    expect(dates.has("2026-12-31")).toBe(true);
    expect(dates.has("2027-01-04")).toBe(true);
  });
});

describe("availability", () => {
  it("lists the hall's slots in the window with what remains, never a closed day", async () => {
    const item = await itemWith((i) => i.isBookable && i.channels.includes("window"));
    const { slots } = await listAvailability({
      hallId,
      service: item.code,
      from: today,
      to: addDays(today, 14),
      channel: "window",
    });
    expect(slots.length).toBeGreaterThan(20);
    for (const slot of slots) {
      expect(slot.channel).toBe("window");
      expect(isStateWorkday(slot.date)).toBe(true);
      expect(slot.remaining).toBeGreaterThanOrEqual(0);
      expect(slot.remaining).toBeLessThanOrEqual(slot.capacity);
      expect(slot.start).toMatch(/^\d{2}:\d{2}$/);
    }
  });

  it("offers village days only to the items of the day's theme, and weekend posts on weekends", async () => {
    // A village day of the next two weeks, its theme's items, and an item of another theme. (A fixed
    // category found no slot on most days, and the loop over those slots then checked nothing.)
    const db = await getDb();
    const visitsFrom = (from: string, to: string) =>
      db
        .select({ date: villageVisits.date, theme: villageVisits.theme, categories: villageVisits.categories })
        .from(villageVisits)
        .innerJoin(serviceSessions, eq(serviceSessions.villageVisitId, villageVisits.id))
        .where(
          and(
            eq(villageVisits.hallId, hallId),
            gte(villageVisits.date, from),
            lte(villageVisits.date, to),
            eq(serviceSessions.isCancelled, false),
          ),
        )
        .orderBy(asc(villageVisits.date));
    const [next] = await visitsFrom(addDays(today, 1), addDays(today, 14));
    expect(next, "a village day in the next two weeks").toBeTruthy();
    const visits = await visitsFrom(next.date, next.date);
    const themed = visits[0];
    const onTheme = await itemWith(
      (i) => i.isBookable && i.channels.includes("village") && themed.categories.includes(i.category),
    );
    const offTheme = await itemWith(
      (i) => i.isBookable && i.channels.includes("village") && !visits.some((v) => v.categories.includes(i.category)),
    );
    const themesOf = (category: string) => visits.filter((v) => v.categories.includes(category)).map((v) => v.theme);
    const day = { hallId, from: next.date, to: next.date, channel: "village" as const };
    const { slots } = await listAvailability({ ...day, service: onTheme.code });
    expect(slots.length).toBeGreaterThan(0);
    for (const slot of slots) {
      expect(isoWeekday(slot.date)).toBe(2);
      expect(slot.villageName).toBeTruthy();
      expect(themesOf(onTheme.category)).toContain(slot.theme);
    }
    expect((await listAvailability({ ...day, service: offTheme.code })).slots).toEqual([]);
    const weekend = await itemWith((i) => i.isBookable && i.channels.includes("weekend"));
    const posts = await listAvailability({
      hallId,
      service: weekend.code,
      from: today,
      to: addDays(today, 14),
      channel: "weekend",
    });
    expect(posts.slots.length).toBeGreaterThan(0);
    for (const slot of posts.slots) expect(isoWeekday(slot.date)).toBeGreaterThanOrEqual(6);
    const windowOnly = await itemWith((i) => i.isBookable && !i.channels.includes("weekend"));
    expect(
      (
        await listAvailability({
          hallId,
          service: windowOnly.code,
          from: today,
          to: addDays(today, 14),
          channel: "weekend",
        })
      ).slots,
    ).toEqual([]);
  });

  it("hides slots inside the minimum notice", async () => {
    const item = await itemWith((i) => i.isBookable && i.channels.includes("window"));
    const soon = await createTestSlot({ onlineCapacity: 3, startsInMinutes: 15 });
    const later = await createTestSlot({ onlineCapacity: 3 });
    const { slots } = await listAvailability({ hallId, service: item.code, from: today, to: addDays(today, 14) });
    const ids = new Set(slots.map((s) => s.id));
    expect(ids.has(soon.slotId)).toBe(false);
    expect(ids.has(later.slotId)).toBe(true);
  });

  it("lists a day only when it has a slot (open only with a free seat), and names why a day is closed", async () => {
    const item = await itemWith((i) => i.isBookable && i.channels.includes("window"));
    const db = await getDb();
    // The admin closes a working day; its sessions are cancelled and the day reads as closed.
    let closedDay = addDays(today, 9);
    while (!isStateWorkday(closedDay)) closedDay = addDays(closedDay, 1);
    await db
      .insert(calendarOverrides)
      .values({ hallId, date: closedDay, isOpen: false, reason: "设备检修" })
      .onConflictDoNothing();
    await ensureSessions(db, { hallId, from: today, to: addDays(today, 14) });
    const { days, closures } = await listBookingDays({ hallId, service: item.code, channel: "window" });
    expect(days.some((d) => d.date === closedDay)).toBe(false);
    expect(closures).toContainEqual({ date: closedDay, reason: "设备检修" });
    for (const day of days) {
      if (day.state === "open") expect(day.freeSeats).toBeGreaterThan(0);
      expect(isStateWorkday(day.date)).toBe(true);
    }
    const { slots } = await listAvailability({ hallId, service: item.code, from: closedDay, to: closedDay });
    expect(slots).toEqual([]);
  });

  it("answers bad queries with 422 and an unknown item with 404", async () => {
    const bad = await availabilityRoute(
      new Request("http://hall/api/v1/availability?service=YBJ-001&from=2026-02-30&to=2026-01-01"),
      none,
    );
    expect(bad.status).toBe(422);
    expect((await bad.json()).fields.from).toBeTruthy();
    const backwards = await availabilityRoute(
      new Request(`http://hall/api/v1/availability?service=YBJ-001&from=${addDays(today, 3)}&to=${today}`),
      none,
    );
    expect((await backwards.json()).fields.to).toContain("不能早于");
    const unknown = await availabilityRoute(
      new Request(`http://hall/api/v1/availability?service=ZZZ-999&from=${today}&to=${today}`),
      none,
    );
    expect(unknown.status).toBe(404);
    const notBookable = await itemWith((i) => !i.isBookable);
    const refused = await availabilityRoute(
      new Request(`http://hall/api/v1/availability?service=${notBookable.code}&from=${today}&to=${today}`),
      none,
    );
    expect(refused.status).toBe(422);
    expect((await refused.json()).code).toBe("not_bookable");
  });
});
