import "server-only";
import { and, between, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/connection";
import {
  calendarOverrides,
  halls,
  openingHours,
  serviceSessions,
  slots,
  villageVisits,
  weekendRoster,
  type Channel,
} from "@/db/schema";
import { extendCalendar } from "@/lib/booking/extend-calendar";
import { SLOT_RULES } from "@/lib/booking/rules";
import { addDays, atShanghai, isStateWorkday, isoWeekday } from "@/lib/time";

/** Is the hall open on this date: the State Council calendar, then the hall's own overrides. */
export function isHallOpen(date: string, overrides: Map<string, boolean>): boolean {
  return overrides.get(date) ?? isStateWorkday(date);
}

function slotTimes(date: string, start: string, end: string, minutes: number) {
  const result: { startsAt: Date; endsAt: Date }[] = [];
  const last = atShanghai(date, end).getTime();
  for (let t = atShanghai(date, start).getTime(); t + minutes * 60_000 <= last; t += minutes * 60_000) {
    result.push({ startsAt: new Date(t), endsAt: new Date(t + minutes * 60_000) });
  }
  return result;
}

/**
 * Materialise the bookable sessions and slots of [from, to] from the opening rules (first the
 * dated weekend posts and village visits from their rules, see extend-calendar.ts). Idempotent:
 * existing sessions and slots are left as they are (with their bookings).
 */
export async function ensureSessions(db: Db | Tx, input: { hallId: number; from: string; to: string }) {
  const { hallId, from, to } = input;
  await extendCalendar(db, input);
  const [hall] = await db.select({ address: halls.address }).from(halls).where(eq(halls.id, hallId));
  const [hours, overrides, roster, visits] = await Promise.all([
    db.select().from(openingHours).where(eq(openingHours.hallId, hallId)),
    db
      .select()
      .from(calendarOverrides)
      .where(and(eq(calendarOverrides.hallId, hallId), between(calendarOverrides.date, from, to))),
    db
      .select()
      .from(weekendRoster)
      .where(
        and(
          eq(weekendRoster.hallId, hallId),
          between(weekendRoster.date, from, to),
          eq(weekendRoster.isCancelled, false),
        ),
      ),
    db
      .select()
      .from(villageVisits)
      .where(
        and(
          eq(villageVisits.hallId, hallId),
          between(villageVisits.date, from, to),
          eq(villageVisits.isCancelled, false),
        ),
      ),
  ]);
  const overrideMap = new Map(overrides.map((o) => [o.date, o.isOpen]));
  // A day the admin closed after its sessions were made: its sessions are marked cancelled, so
  // their slots can no longer be booked (setCalendarOverride then cancels their bookings and tells
  // each villager, see cancelClosedDay). A day opened again gets its sessions back.
  for (const isOpen of [false, true]) {
    const dates = overrides.filter((o) => o.isOpen === isOpen).map((o) => o.date);
    if (dates.length === 0) continue;
    await db
      .update(serviceSessions)
      .set({ isCancelled: !isOpen })
      .where(and(eq(serviceSessions.hallId, hallId), inArray(serviceSessions.date, dates)));
  }
  const hoursByWeekday = new Map(hours.map((h) => [h.weekday, h]));

  type Plan = {
    channel: Channel;
    date: string;
    location: string;
    villageVisitId?: number;
    weekendRosterId?: number;
    periods: [string, string][];
  };
  const plans: Plan[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    if (!isHallOpen(date, overrideMap)) continue;
    const h = hoursByWeekday.get(isoWeekday(date)) ?? hoursByWeekday.get(1);
    if (!h) continue;
    plans.push({
      channel: "window",
      date,
      location: hall.address,
      periods: [
        [h.morningStart, h.morningEnd],
        [h.afternoonStart, h.afternoonEnd],
      ],
    });
  }
  for (const r of roster) {
    if (overrideMap.get(r.date) === false) continue;
    plans.push({
      channel: "weekend",
      date: r.date,
      location: r.location,
      weekendRosterId: r.id,
      periods: [[r.startTime, r.endTime]],
    });
  }
  for (const v of visits) {
    if (overrideMap.get(v.date) === false) continue;
    plans.push({
      channel: "village",
      date: v.date,
      location: v.location,
      villageVisitId: v.id,
      periods: [[v.startTime, v.endTime]],
    });
  }
  if (plans.length === 0) return { sessions: 0 };

  await db
    .insert(serviceSessions)
    .values(
      plans.map((p) => ({
        hallId,
        channel: p.channel,
        date: p.date,
        location: p.location,
        villageVisitId: p.villageVisitId ?? null,
        weekendRosterId: p.weekendRosterId ?? null,
      })),
    )
    .onConflictDoNothing();
  const sessionRows = await db
    .select({
      id: serviceSessions.id,
      channel: serviceSessions.channel,
      date: serviceSessions.date,
      villageVisitId: serviceSessions.villageVisitId,
    })
    .from(serviceSessions)
    .where(and(eq(serviceSessions.hallId, hallId), between(serviceSessions.date, from, to)));
  const key = (channel: string, date: string, visit: number | null | undefined) => `${channel}|${date}|${visit ?? ""}`;
  const sessionId = new Map(sessionRows.map((s) => [key(s.channel, s.date, s.villageVisitId), s.id]));

  const slotRows = plans.flatMap((p) => {
    const rule = SLOT_RULES[p.channel];
    const id = sessionId.get(key(p.channel, p.date, p.villageVisitId))!;
    return p.periods.flatMap(([start, end]) =>
      slotTimes(p.date, start, end, rule.minutes).map((t) => ({
        hallId,
        sessionId: id,
        ...t,
        capacity: rule.capacity,
        onlineCapacity: rule.onlineCapacity,
      })),
    );
  });
  for (let i = 0; i < slotRows.length; i += 500) {
    await db
      .insert(slots)
      .values(slotRows.slice(i, i + 500))
      .onConflictDoNothing();
  }
  return { sessions: plans.length };
}
