import { and, asc, between, eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import {
  halls,
  serviceItems,
  serviceSessions,
  slots,
  villages,
  villageVisits,
  weekendPostRules,
  weekendRoster,
} from "@/db/schema";
import { listAvailability } from "@/lib/booking";
import { bookingSettings } from "@/lib/booking/settings";
import { ensureSessions } from "@/lib/booking/sessions";
import { loadCatalogue } from "@/lib/demo/load-catalogue";
import { addDays, holidayName, isoWeekday, isStateWorkday, shanghaiDate } from "@/lib/time";
import { unique, uniqueCasePrefix } from "../support/fixtures";

// Weekend posts (周末服务岗) and Tuesday village days (周二主题下村日) come from rules, and the
// sessions are made ahead for the booking horizon whenever the job runs — not seeded once for a year.

/** 10:00 in Shanghai on that date. */
const at = (date: string) => new Date(`${date}T02:00:00Z`);

function setToday(date: string) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(at(date));
}

afterEach(() => {
  vi.useRealTimers();
});

/** A hall of its own, first started (catalogue and rules loaded) on `firstStart`. */
async function startHall(firstStart: string) {
  const db = await getDb();
  const hallCode = unique("cal");
  setToday(firstStart);
  await loadCatalogue(db, {
    hallCode,
    hall: { name: `测试镇${hallCode}`, address: "测试地址", phone: "0571-0000000", casePrefix: uniqueCasePrefix() },
    today: firstStart,
  });
  const [hall] = await db.select({ id: halls.id }).from(halls).where(eq(halls.code, hallCode));
  return hall.id;
}

/** What the background job (and start-up) does for a hall on the (faked) day. */
async function runSessionsJob(hallId: number) {
  const db = await getDb();
  const today = shanghaiDate();
  await ensureSessions(db, { hallId, from: today, to: addDays(today, bookingSettings().horizonDays) });
}

async function sessionsOf(hallId: number, from: string, to: string) {
  const db = await getDb();
  return db
    .select({
      id: serviceSessions.id,
      channel: serviceSessions.channel,
      date: serviceSessions.date,
      location: serviceSessions.location,
      isCancelled: serviceSessions.isCancelled,
      villageCode: villages.code,
      categories: villageVisits.categories,
      slots: sql<number>`(select count(*)::int from ${slots} where ${slots.sessionId} = ${serviceSessions.id})`,
    })
    .from(serviceSessions)
    .leftJoin(villageVisits, eq(villageVisits.id, serviceSessions.villageVisitId))
    .leftJoin(villages, eq(villages.id, villageVisits.villageId))
    .where(and(eq(serviceSessions.hallId, hallId), between(serviceSessions.date, from, to)))
    .orderBy(asc(serviceSessions.date));
}

/** Dates in [from, to] (inclusive). */
function datesBetween(from: string, to: string) {
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
  return dates;
}

const isWeekendPostDay = (d: string) => isoWeekday(d) >= 6 && !isStateWorkday(d) && !holidayName(d);
const isVillageDay = (d: string) => isoWeekday(d) === 2 && isStateWorkday(d);

describe("rolling calendars", () => {
  it("still offers weekend posts and village days 60 weeks after the first start", async () => {
    const firstStart = "2026-11-27";
    const hallId = await startHall(firstStart);
    const today = addDays(firstStart, 60 * 7);
    setToday(today);
    await runSessionsJob(hallId);

    const to = addDays(today, bookingSettings().horizonDays);
    const sessions = await sessionsOf(hallId, today, to);
    const weekendDates = sessions.filter((s) => s.channel === "weekend").map((s) => s.date);
    const villageDates = sessions.filter((s) => s.channel === "village").map((s) => s.date);
    expect(weekendDates).toEqual(datesBetween(today, to).filter(isWeekendPostDay));
    expect(villageDates).toEqual(datesBetween(today, to).filter(isVillageDay));
    expect(weekendDates.length).toBeGreaterThan(0);
    expect(villageDates.length).toBeGreaterThan(0);
    for (const s of sessions) expect(s.slots).toBeGreaterThan(0);

    // Bookable: a villager sees free seats on them.
    const db = await getDb();
    const items = await db
      .select({ code: serviceItems.code, channels: serviceItems.channels, category: serviceItems.category })
      .from(serviceItems)
      .where(and(eq(serviceItems.hallId, hallId), eq(serviceItems.isBookable, true)));
    const weekendItem = items.find((i) => i.channels.includes("weekend"))!;
    const weekend = await listAvailability({ hallId, service: weekendItem.code, from: today, to, channel: "weekend" });
    expect(weekend.slots.length).toBeGreaterThan(0);
    expect(weekend.slots.every((s) => s.remaining > 0)).toBe(true);
    const visit = sessions.find((s) => s.channel === "village")!;
    const villageItem = items.find((i) => i.channels.includes("village") && visit.categories!.includes(i.category))!;
    const village = await listAvailability({ hallId, service: villageItem.code, from: today, to, channel: "village" });
    expect(village.slots.filter((s) => s.date === visit.date).length).toBeGreaterThan(0);
  });

  it("creates nothing twice: a rerun and runs at the same time", async () => {
    const firstStart = "2027-03-01";
    const hallId = await startHall(firstStart);
    const today = addDays(firstStart, 400);
    setToday(today);
    await Promise.all([runSessionsJob(hallId), runSessionsJob(hallId), runSessionsJob(hallId)]);
    await runSessionsJob(hallId);
    const db = await getDb();
    const to = addDays(today, bookingSettings().horizonDays);
    const sessions = await sessionsOf(hallId, today, to);
    const keys = sessions.map((s) => `${s.channel}|${s.date}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(sessions.filter((s) => s.channel === "weekend").length).toBeGreaterThan(0);
    expect(sessions.filter((s) => s.channel === "village").length).toBeGreaterThan(0);
    const roster = await db
      .select({ date: weekendRoster.date })
      .from(weekendRoster)
      .where(eq(weekendRoster.hallId, hallId));
    expect(new Set(roster.map((r) => r.date)).size).toBe(roster.length);
    const visits = await db
      .select({ date: villageVisits.date })
      .from(villageVisits)
      .where(eq(villageVisits.hallId, hallId));
    expect(new Set(visits.map((v) => v.date)).size).toBe(visits.length);
    // Every weekend slot of the morning post (09:00–12:00, 30 minutes) exactly once.
    for (const s of sessions.filter((x) => x.channel === "weekend")) expect(s.slots).toBe(6);
  });

  it("puts no post on a holiday weekend, and a make-up working weekend is an ordinary working day", async () => {
    const hallId = await startHall("2026-09-20");
    const db = await getDb();
    await ensureSessions(db, { hallId, from: "2026-09-20", to: "2026-10-18" });
    const sessions = await sessionsOf(hallId, "2026-09-20", "2026-10-18");
    const weekend = new Set(sessions.filter((s) => s.channel === "weekend").map((s) => s.date));
    const window = new Set(sessions.filter((s) => s.channel === "window").map((s) => s.date));
    // Mid-Autumn (09-26/27) and National Day (10-03/04) weekends: no post.
    for (const d of ["2026-09-26", "2026-09-27", "2026-10-03", "2026-10-04"]) expect(weekend.has(d)).toBe(false);
    // 10-10 is a make-up working Saturday (调休): the hall opens its windows, there is no weekend post.
    expect(weekend.has("2026-10-10")).toBe(false);
    expect(window.has("2026-10-10")).toBe(true);
    // Ordinary weekends have their post.
    for (const d of ["2026-10-11", "2026-10-17", "2026-10-18"]) expect(weekend.has(d)).toBe(true);
    // National Day's Tuesday (10-06) has no village day.
    expect(sessions.some((s) => s.channel === "village" && s.date === "2026-10-06")).toBe(false);
  });

  it("goes round the villages in order, one per working Tuesday, past the first year", async () => {
    const firstStart = "2026-09-20";
    const hallId = await startHall(firstStart);
    const db = await getDb();
    const order = (
      await db
        .select({ code: villages.code })
        .from(villages)
        .where(eq(villages.hallId, hallId))
        .orderBy(asc(villages.code))
    ).map((v) => v.code);
    // Across the end of the first year: weeks 45 to 75.
    const from = addDays(firstStart, 45 * 7);
    const to = addDays(firstStart, 75 * 7);
    for (let day = from; day <= to; day = addDays(day, 14)) {
      setToday(day);
      await runSessionsJob(hallId);
    }
    const visits = (await sessionsOf(hallId, from, to)).filter((s) => s.channel === "village");
    expect(visits.map((v) => v.date)).toEqual(datesBetween(from, to).filter(isVillageDay));
    // The first visit's place in the rotation: one step per working Tuesday since the first start.
    const before = datesBetween(firstStart, addDays(from, -1)).filter(isVillageDay).length;
    expect(visits.map((v) => v.villageCode)).toEqual(visits.map((_, i) => order[(before + i) % order.length]));
  });

  it("leaves a session alone once an admin changed it, and a changed rule applies to new dates only", async () => {
    const firstStart = "2026-11-02";
    const hallId = await startHall(firstStart);
    await runSessionsJob(hallId);
    const db = await getDb();
    const [first] = (await sessionsOf(hallId, firstStart, addDays(firstStart, 14))).filter(
      (s) => s.channel === "weekend",
    );
    await db
      .update(serviceSessions)
      .set({ isCancelled: true, location: "临时改到村委会" })
      .where(eq(serviceSessions.id, first.id));
    await runSessionsJob(hallId);
    const [again] = (await sessionsOf(hallId, first.date, first.date)).filter((s) => s.channel === "weekend");
    expect(again).toMatchObject({ id: first.id, isCancelled: true, location: "临时改到村委会", slots: first.slots });

    // The roster pattern changes: Saturday afternoons from now on. Dates already made keep theirs.
    await db
      .update(weekendPostRules)
      .set({ startTime: "14:00", endTime: "16:00", location: "潜川镇文化礼堂" })
      .where(and(eq(weekendPostRules.hallId, hallId), eq(weekendPostRules.weekday, 6)));
    const made = (await sessionsOf(hallId, firstStart, addDays(firstStart, 14))).filter((s) => s.channel === "weekend");
    setToday(addDays(firstStart, 21));
    await runSessionsJob(hallId);
    const later = (await sessionsOf(hallId, firstStart, addDays(firstStart, 35))).filter(
      (s) => s.channel === "weekend",
    );
    for (const s of made) expect(later.find((l) => l.id === s.id)).toEqual(s);
    const newSaturdays = later.filter((s) => s.date > addDays(firstStart, 21) && isoWeekday(s.date) === 6);
    expect(newSaturdays.length).toBeGreaterThan(0);
    for (const s of newSaturdays) expect(s).toMatchObject({ location: "潜川镇文化礼堂", slots: 4 });
  });
});
