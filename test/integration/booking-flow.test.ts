import { and, asc, eq, gt } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { calendarOverrides, halls, serviceItems, villages, villageVisits } from "@/db/schema";
import { listAvailability, listBookingDays, listVillagesForItem } from "@/lib/booking";
import { bookingWindow } from "@/lib/booking/bookable-item";
import { extendCalendar } from "@/lib/booking/extend-calendar";
import { ensureSessions } from "@/lib/booking/sessions";
import { bookingSettings } from "@/lib/booking/settings";
import { loadCatalogue } from "@/lib/demo/load-catalogue";
import { addDays, holidayName, isoWeekday, isStateWorkday, shanghaiDate } from "@/lib/time";
import { unique, uniqueCasePrefix } from "../support/fixtures";

// Issue 13: the booking flow without dead ends. Only days that can be chosen are listed; every
// village of the hall can be picked and says when its next visit for the item is.

const today = shanghaiDate();
let hallId: number;

type Item = { code: string; category: string; channels: string[] };

/** A bookable item of the hall that passes the test. */
async function itemWhere(test: (item: Item) => boolean) {
  const db = await getDb();
  const rows = await db
    .select({ code: serviceItems.code, category: serviceItems.category, channels: serviceItems.channels })
    .from(serviceItems)
    .where(and(eq(serviceItems.hallId, hallId), eq(serviceItems.isBookable, true)));
  const item = rows.find(test);
  expect(item, "an item for this test in the catalogue").toBeTruthy();
  return item!;
}

const itemOn = (...channels: string[]) => itemWhere((i) => channels.every((c) => i.channels.includes(c)));

beforeAll(async () => {
  // A hall of its own, its rules loaded today: its calendar is this file's alone.
  const db = await getDb();
  const hallCode = unique("flow");
  await loadCatalogue(db, {
    hallCode,
    hall: { name: `测试镇${hallCode}`, address: "测试地址", phone: "0571-0000000", casePrefix: uniqueCasePrefix() },
    today,
  });
  [{ id: hallId }] = await db.select({ id: halls.id }).from(halls).where(eq(halls.code, hallCode));
  await ensureSessions(db, { hallId, from: today, to: bookingWindow().lastDate });
});

describe("the days a villager can choose", () => {
  it("lists only days with a slot, and names a closed working day instead of listing it", async () => {
    const item = await itemOn("window");
    const db = await getDb();
    let closedDay = addDays(today, 9);
    while (!isStateWorkday(closedDay)) closedDay = addDays(closedDay, 1);
    await db.insert(calendarOverrides).values({ hallId, date: closedDay, isOpen: false, reason: "设备检修" });
    await ensureSessions(db, { hallId, from: closedDay, to: closedDay });

    const { days, closures } = await listBookingDays({ hallId, service: item.code, channel: "window" });
    const { slots } = await listAvailability({
      hallId,
      service: item.code,
      from: today,
      to: bookingWindow().lastDate,
      channel: "window",
    });
    expect(days.map((d) => d.date)).toEqual([...new Set(slots.map((s) => s.date))]);
    for (const day of days) {
      expect(isStateWorkday(day.date)).toBe(true);
      expect(day.state === "open").toBe(day.freeSeats > 0);
    }
    expect(days.some((d) => d.date === closedDay)).toBe(false);
    expect(closures).toContainEqual({ date: closedDay, reason: "设备检修" });
    for (const c of closures) if (c.date !== closedDay) expect(c.reason).toBe(holidayName(c.date));
  });

  it("points the hall's window to the weekend post open on a Saturday or Sunday", async () => {
    const item = await itemOn("window", "weekend");
    const { days, weekendPosts } = await listBookingDays({ hallId, service: item.code, channel: "window" });
    const posts = await listBookingDays({ hallId, service: item.code, channel: "weekend" });
    expect(weekendPosts.length).toBeGreaterThan(0);
    expect(weekendPosts).toEqual(posts.days.filter((d) => d.state === "open"));
    for (const post of weekendPosts) {
      expect(isoWeekday(post.date)).toBeGreaterThanOrEqual(6);
      expect(days.some((d) => d.date === post.date)).toBe(false);
    }
    // A window-only item has no weekend post to point to.
    const windowOnly = await itemWhere((i) => i.channels.includes("window") && !i.channels.includes("weekend"));
    expect((await listBookingDays({ hallId, service: windowOnly.code, channel: "window" })).weekendPosts).toEqual([]);
  });
});

describe("the village picker", () => {
  it("lists every village of the hall, each with its next visit for the item and when booking opens", async () => {
    const item = await itemOn("village");
    const db = await getDb();
    const hallVillages = await db
      .select({ id: villages.id, code: villages.code })
      .from(villages)
      .where(eq(villages.hallId, hallId));
    const choices = await listVillagesForItem({ hallId, service: item.code });
    expect(choices.map((c) => c.code).sort()).toEqual(hallVillages.map((v) => v.code).sort());

    const window = bookingWindow();
    const { slots } = await listAvailability({
      hallId,
      service: item.code,
      from: window.today,
      to: window.lastDate,
      channel: "village",
    });
    const later = choices.filter((c) => c.next?.state === "later");
    expect(later.length, "villages whose next visit is beyond the booking horizon").toBeGreaterThan(0);
    for (const choice of choices) {
      const own = slots.filter((s) => s.villageId === choice.code);
      if (own.length > 0)
        expect(choice.next).toMatchObject({ date: own[0].date, state: expect.stringMatching(/open|full/) });
      else expect(choice.next?.state ?? "none").not.toMatch(/open|full/);
    }

    // What the picker promises is what the calendar makes when those days come (rolled back).
    const farthest = later.reduce((max, c) => (c.next!.date > max ? c.next!.date : max), window.lastDate);
    const made = await db
      .transaction(async (tx) => {
        await extendCalendar(tx, { hallId, from: addDays(window.lastDate, 1), to: farthest });
        const visits = await tx
          .select({ code: villages.code, date: villageVisits.date, categories: villageVisits.categories })
          .from(villageVisits)
          .innerJoin(villages, eq(villages.id, villageVisits.villageId))
          .where(and(eq(villageVisits.hallId, hallId), gt(villageVisits.date, window.lastDate)))
          .orderBy(asc(villageVisits.date));
        throw Object.assign(new Error("rollback"), { visits });
      })
      .catch((e: { visits?: { code: string; date: string; categories: string[] }[] }) => e.visits!);
    for (const choice of later) {
      const first = made.find((v) => v.code === choice.code && v.categories.includes(item.category));
      expect(first?.date, choice.name).toBe(choice.next!.date);
      expect(isoWeekday(choice.next!.date)).toBe(2);
      expect(choice.next!.opensOn).toBe(addDays(choice.next!.date, -bookingSettings().horizonDays));
    }
  });

  it("says 暂无下村安排 for a village outside the rotation, until a visit is made for it", async () => {
    const item = await itemOn("village");
    const db = await getDb();
    const code = unique("V").slice(0, 12);
    const [village] = await db
      .insert(villages)
      .values({ hallId, code, name: `测试村${code}` })
      .returning({ id: villages.id });
    const find = async () => (await listVillagesForItem({ hallId, service: item.code })).find((c) => c.code === code)!;
    expect((await find()).next).toBeNull();

    let date = addDays(bookingWindow().lastDate, 20);
    while (isoWeekday(date) !== 4 || !isStateWorkday(date)) date = addDays(date, 1);
    await db.insert(villageVisits).values({
      hallId,
      date,
      villageId: village.id,
      theme: "专场服务",
      categories: [item.category],
      location: `测试村${code}村委会`,
      startTime: "09:00",
      endTime: "11:00",
    });
    expect((await find()).next).toEqual({
      date,
      theme: "专场服务",
      state: "later",
      opensOn: addDays(date, -bookingSettings().horizonDays),
    });
  });
});
