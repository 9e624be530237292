import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as availabilityRoute } from "@/app/api/v1/availability/route";
import { getDb } from "@/db/client";
import {
  calendarOverrides,
  departments,
  halls,
  queues,
  serviceItems,
  serviceSessions,
  slots,
  villages,
  villageVisits,
  weekendRoster,
  type Channel,
} from "@/db/schema";
import { listAvailability, listAvailabilityJson, listBookingDays, listVillagesForItem } from "@/lib/booking";
import { bookingWindow } from "@/lib/booking/bookable-item";
import { ensureSessions } from "@/lib/booking/sessions";
import { bookingSettings } from "@/lib/booking/settings";
import { addDays, atShanghai, holidayName, isoWeekday, shanghaiDate } from "@/lib/time";
import { bookableItemCodes, testHallId, unique, uniqueCasePrefix } from "../support/fixtures";

// Issue 14: availability is shaped by the database, not row by row in JavaScript. This pins the
// answer as it was before, byte for byte: keys in this order, the village keys only on a village
// slot, times in Asia/Shanghai (07:30 there is the day before in UTC), full slots with remaining 0,
// slots by start time and then id; never a withdrawn slot, a cancelled session, a slot inside the
// minimum notice or beyond the horizon, nor a village day of another theme.

const none = undefined as never;
const today = shanghaiDate();
const { lastDate } = bookingWindow();
const HALL = '便民服务中心"一窗"大厅\\1楼\t东侧';
const WEEKEND_POST = "周末值守点";

let hallId: number;
let itemX: string; // window, weekend and village; category 社保
let itemY: string; // village only; category 民政
const d1 = addDays(today, 3); // the hall: an open slot, a full one, one withdrawn, one with no online seat
const v = addDays(today, 4); // village day: 甲村 and 丙村 (社保), 乙村 (民政)
const closed = addDays(today, 5); // closed by the admin: its session is cancelled
const d2 = addDays(today, 6); // the hall: only a full slot (the waitlist)
let w = addDays(today, 1); // the first Saturday after today: the weekend post
while (isoWeekday(w) !== 6) w = addDays(w, 1);
const later = addDays(lastDate, 7); // a visit of 乙村 for 社保 beyond the horizon

type Piece = { id: number; date: string; start: string; json: string };
const pieces: Record<string, Piece> = {};

function windowSlot(id: number, date: string, start: string, end: string, capacity: number, remaining: number) {
  return `{"id":${id},"channel":"window","date":"${date}","start":"${start}","end":"${end}","location":${JSON.stringify(HALL)},"capacity":${capacity},"remaining":${remaining}}`;
}

function villageSlot(
  id: number,
  village: { code: string; name: string; theme: string; location: string },
  start: string,
  end: string,
  capacity: number,
  remaining: number,
) {
  return `{"id":${id},"channel":"village","date":"${v}","start":"${start}","end":"${end}","location":"${village.location}","villageId":"${village.code}","villageName":"${village.name}","theme":"${village.theme}","capacity":${capacity},"remaining":${remaining}}`;
}

/** The answer, as the text the API sends, of the named slots in start-time order. */
function answer(...names: string[]) {
  const chosen = names.map((n) => pieces[n]);
  chosen.sort((a, b) => (a.date + a.start).localeCompare(b.date + b.start) || a.id - b.id);
  return `{"slots":[${chosen.map((p) => p.json).join(",")}]}`;
}

async function addSession(channel: Channel, date: string, extra: Partial<typeof serviceSessions.$inferInsert> = {}) {
  const db = await getDb();
  const location = channel === "window" ? HALL : WEEKEND_POST;
  const [row] = await db
    .insert(serviceSessions)
    .values({ hallId, channel, date, location, ...extra })
    .returning({ id: serviceSessions.id });
  return row.id;
}

async function addSlot(
  sessionId: number,
  date: string,
  start: string,
  end: string,
  seats: { online: number; booked?: number; capacity?: number; withdrawn?: boolean },
) {
  const db = await getDb();
  const [row] = await db
    .insert(slots)
    .values({
      hallId,
      sessionId,
      startsAt: atShanghai(date, start),
      endsAt: atShanghai(date, end),
      capacity: seats.capacity ?? Math.max(seats.online * 2, 1),
      onlineCapacity: seats.online,
      booked: seats.booked ?? 0,
      isWithdrawn: seats.withdrawn ?? false,
    })
    .returning({ id: slots.id });
  return row.id;
}

beforeAll(async () => {
  const db = await getDb();
  const code = unique("av");
  [{ id: hallId }] = await db
    .insert(halls)
    .values({ code, name: `测试镇${code}`, address: "测试", phone: "0571-0000000", casePrefix: uniqueCasePrefix() })
    .returning({ id: halls.id });
  const [department] = await db
    .insert(departments)
    .values({ code: unique("d"), name: `测试部门${code}`, shortName: "测试" })
    .returning({ id: departments.id });
  const [queue] = await db.insert(queues).values({ hallId, prefix: "A", name: "综合" }).returning({ id: queues.id });
  const item = (name: string, category: string, channels: Channel[]) => ({
    hallId,
    code: unique("I-"),
    name,
    departmentId: department.id,
    category,
    queueId: queue.id,
    kind: "instant" as const,
    channels,
    summary: "",
    conditions: "",
    materials: [],
    pinyinInitials: "",
    pinyinFull: "",
  });
  [{ code: itemX }, { code: itemY }] = await db
    .insert(serviceItems)
    .values([item("社保事项", "社保", ["window", "weekend", "village"]), item("民政事项", "民政", ["village"])])
    .returning({ code: serviceItems.code });

  // The hall: today (inside the minimum notice), d1, d2, the closed day and one day past the horizon.
  const now = await addSession("window", today);
  const soon = new Date(Date.now() + 5 * 60_000);
  await db.insert(slots).values({
    hallId,
    sessionId: now,
    startsAt: soon,
    endsAt: new Date(soon.getTime() + 30 * 60_000),
    capacity: 4,
    onlineCapacity: 2,
  });
  const first = await addSession("window", d1);
  const open = await addSlot(first, d1, "07:30", "08:00", { online: 4, booked: 1, capacity: 8 });
  pieces.open = { id: open, date: d1, start: "07:30", json: windowSlot(open, d1, "07:30", "08:00", 4, 3) };
  const full = await addSlot(first, d1, "09:00", "09:30", { online: 4, booked: 4 });
  pieces.full = { id: full, date: d1, start: "09:00", json: windowSlot(full, d1, "09:00", "09:30", 4, 0) };
  await addSlot(first, d1, "10:00", "10:30", { online: 4, withdrawn: true });
  const offline = await addSlot(first, d1, "16:30", "17:00", { online: 0, capacity: 2 });
  pieces.offline = { id: offline, date: d1, start: "16:30", json: windowSlot(offline, d1, "16:30", "17:00", 0, 0) };
  const second = await addSession("window", d2);
  const waitlist = await addSlot(second, d2, "09:00", "09:30", { online: 2, booked: 2 });
  pieces.waitlist = { id: waitlist, date: d2, start: "09:00", json: windowSlot(waitlist, d2, "09:00", "09:30", 2, 0) };
  await db.insert(calendarOverrides).values({ hallId, date: closed, isOpen: false, reason: "设备检修" });
  await addSlot(await addSession("window", closed, { isCancelled: true }), closed, "09:00", "09:30", { online: 3 });
  const beyond = addDays(lastDate, 1);
  await addSlot(await addSession("window", beyond), beyond, "09:00", "09:30", { online: 3 });

  // The weekend post.
  const [post] = await db
    .insert(weekendRoster)
    .values({ hallId, date: w, location: WEEKEND_POST, startTime: "09:00", endTime: "12:00" })
    .returning({ id: weekendRoster.id });
  const weekend = await addSlot(await addSession("weekend", w, { weekendRosterId: post.id }), w, "09:00", "09:30", {
    online: 5,
  });
  pieces.weekend = {
    id: weekend,
    date: w,
    start: "09:00",
    json: `{"id":${weekend},"channel":"weekend","date":"${w}","start":"09:00","end":"09:30","location":"${WEEKEND_POST}","capacity":5,"remaining":5}`,
  };

  // The village day: three villages, the same start time (then by id), two themes.
  const villageDay = [
    { key: "a", code: "A01", name: "甲村", theme: "社保专场", categories: ["社保"], seats: { online: 3, booked: 1 } },
    { key: "b", code: "B02", name: "乙村", theme: "民政专场", categories: ["民政"], seats: { online: 2 } },
    { key: "c", code: "C03", name: "丙村", theme: "社保专场", categories: ["社保"], seats: { online: 3, booked: 3 } },
  ];
  for (const village of villageDay) {
    const location = `${village.name}村委会`;
    const [row] = await db
      .insert(villages)
      .values({ hallId, code: village.code, name: village.name })
      .returning({ id: villages.id });
    const [visit] = await db
      .insert(villageVisits)
      .values({
        hallId,
        date: v,
        villageId: row.id,
        theme: village.theme,
        categories: village.categories,
        location,
        startTime: "14:00",
        endTime: "16:00",
      })
      .returning({ id: villageVisits.id });
    const sessionId = await addSession("village", v, { villageVisitId: visit.id, location });
    const id = await addSlot(sessionId, v, "14:00", "14:30", village.seats);
    const remaining = village.seats.online - (village.seats.booked ?? 0);
    pieces[village.key] = {
      id,
      date: v,
      start: "14:00",
      json: villageSlot(id, { ...village, location }, "14:00", "14:30", village.seats.online, remaining),
    };
    if (village.key === "b")
      await db.insert(villageVisits).values({
        hallId,
        date: later,
        villageId: row.id,
        theme: "社保专场",
        categories: ["社保"],
        location,
        startTime: "09:00",
        endTime: "11:00",
      });
  }
});

async function answerOf(query: { service: string; from: string; to: string; channel?: Channel; village?: string }) {
  const text = await listAvailabilityJson({ hallId, ...query });
  // The pages' objects are the same answer.
  expect(JSON.stringify(await listAvailability({ hallId, ...query }))).toBe(text);
  return text;
}

describe("the availability answer, byte for byte", () => {
  it("lists every channel of an item in start-time order", async () => {
    const all = answer("open", "full", "offline", "waitlist", "weekend", "a", "c");
    expect(await answerOf({ service: itemX, from: today, to: lastDate })).toBe(all);
    // The range is cut to the booking window.
    expect(await answerOf({ service: itemX, from: addDays(today, -3), to: addDays(lastDate, 3) })).toBe(all);
    expect(await answerOf({ service: itemX, from: addDays(lastDate, 1), to: addDays(lastDate, 2) })).toBe(answer());
  });

  it("answers one channel, one village, one day", async () => {
    const range = { service: itemX, from: today, to: lastDate };
    expect(await answerOf({ ...range, channel: "window" })).toBe(answer("open", "full", "offline", "waitlist"));
    expect(await answerOf({ ...range, channel: "weekend" })).toBe(answer("weekend"));
    expect(await answerOf({ ...range, channel: "village" })).toBe(answer("a", "c"));
    expect(await answerOf({ ...range, channel: "village", village: "C03" })).toBe(answer("c"));
    expect(await answerOf({ ...range, village: "A01" })).toBe(answer("a"));
    // 乙村's day has another theme; the village-only item is offered there alone.
    expect(await answerOf({ ...range, village: "B02" })).toBe(answer());
    expect(await answerOf({ service: itemY, from: today, to: lastDate })).toBe(answer("b"));
    expect(await answerOf({ service: itemY, from: today, to: lastDate, channel: "window" })).toBe(answer());
    expect(await answerOf({ service: itemX, from: d1, to: d1 })).toBe(answer("open", "full", "offline"));
    expect(await answerOf({ service: itemX, from: d2, to: d2 })).toBe(answer("waitlist"));
    expect(await answerOf({ service: itemX, from: closed, to: closed })).toBe(answer());
    expect(await answerOf({ service: itemX, from: today, to: today })).toBe(answer());
  });

  it("gives the booking days and the village picker what they showed before", async () => {
    const hall = await listBookingDays({ hallId, service: itemX, channel: "window" });
    expect(hall.days).toEqual([
      { date: d1, state: "open", freeSeats: 3 },
      { date: d2, state: "full", freeSeats: 0 },
    ]);
    expect(hall.weekendPosts).toEqual(w === d1 || w === d2 ? [] : [{ date: w, state: "open", freeSeats: 5 }]);
    expect(hall.closures).toContainEqual({ date: closed, reason: "设备检修" });
    for (const c of hall.closures) if (c.date !== closed) expect(c.reason).toBe(holidayName(c.date));
    expect(await listBookingDays({ hallId, service: itemX, channel: "village" })).toEqual({
      days: [{ date: v, state: "open", freeSeats: 2 }],
      weekendPosts: [],
      closures: [],
    });
    expect(await listVillagesForItem({ hallId, service: itemX })).toEqual([
      { code: "A01", name: "甲村", next: { date: v, theme: "社保专场", state: "open" } },
      {
        code: "B02",
        name: "乙村",
        next: {
          date: later,
          theme: "社保专场",
          state: "later",
          opensOn: addDays(later, -bookingSettings().horizonDays),
        },
      },
      { code: "C03", name: "丙村", next: { date: v, theme: "社保专场", state: "full" } },
    ]);
  });

  it("sends over HTTP exactly what the pages get, for every bookable item of the seeded hall", async () => {
    const seeded = await testHallId();
    const db = await getDb();
    const [village] = await db
      .select({ code: villages.code })
      .from(villages)
      .where(eq(villages.hallId, seeded))
      .orderBy(villages.code);
    const to = addDays(today, 14);
    await ensureSessions(db, { hallId: seeded, from: today, to });
    let listed = 0;
    for (const service of await bookableItemCodes()) {
      for (const channel of [undefined, "window", "weekend", "village"] as const) {
        const query = new URLSearchParams({ service, from: today, to, ...(channel ? { channel } : {}) });
        if (channel === "village") query.set("village", village.code);
        const response = await availabilityRoute(new Request(`http://hall/api/v1/availability?${query}`), none);
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
        const text = await response.text();
        const pages = await listAvailability({
          hallId: seeded,
          service,
          from: today,
          to,
          channel,
          village: channel === "village" ? village.code : undefined,
        });
        expect(text).toBe(JSON.stringify(pages));
        listed += pages.slots.length;
      }
    }
    expect(listed).toBeGreaterThan(100);
  });
});
