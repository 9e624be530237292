import "server-only";
import { and, asc, eq, gt, lte, max, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { calendarOverrides, serviceSessions, villages, villageVisits } from "@/db/schema";
import { bookingWindow, getBookableItem } from "@/lib/booking/bookable-item";
import { planVillageDays, villagePlanRules } from "@/lib/booking/extend-calendar";
import { listAvailability } from "@/lib/booking/list-availability";
import { bookingSettings } from "@/lib/booking/settings";
import { addDays } from "@/lib/time";

/** How far ahead a village's next visit is looked for (as far as an admin plans the calendar). */
export const VISIT_LOOKAHEAD_DAYS = 366;

export interface VillageChoice {
  code: string;
  name: string;
  /** The village's next visit day that offers the item, or null when none is planned within a year. */
  next: {
    date: string;
    theme: string;
    /** Inside the booking window with a slot: open (a free seat) or full (the waitlist). */
    state: "open" | "full" | "later";
    /** For a visit beyond the booking horizon: the first day it can be booked. */
    opensOn?: string;
  } | null;
}

/**
 * Every village of the hall, each with its next visit day (周二主题下村日) that offers the item: a
 * visit inside the booking window is one with a slot; beyond it, the dated visits already made
 * and, past the last day made, the visits the rotation rules will make (planVillageDays, the very
 * function extendCalendar makes them with), less the days the hall is closed.
 */
export async function listVillagesForItem(input: { hallId: number; service: string }): Promise<VillageChoice[]> {
  const db = await getDb();
  const { hallId } = input;
  const item = await getBookableItem(db, { hallId, code: input.service });
  const window = bookingWindow();
  const until = addDays(window.today, VISIT_LOOKAHEAD_DAYS);
  const [hallVillages, { slots }, made, [extent], { rule, rotation, themes }, closed] = await Promise.all([
    db
      .select({ id: villages.id, code: villages.code, name: villages.name })
      .from(villages)
      .where(eq(villages.hallId, hallId))
      .orderBy(asc(villages.code)),
    item.channels.includes("village")
      ? listAvailability({ hallId, service: item.code, from: window.today, to: window.lastDate, channel: "village" })
      : { slots: [] },
    db
      .select({ villageId: villageVisits.villageId, date: villageVisits.date, theme: villageVisits.theme })
      .from(villageVisits)
      .where(
        and(
          eq(villageVisits.hallId, hallId),
          gt(villageVisits.date, window.lastDate),
          lte(villageVisits.date, until),
          eq(villageVisits.isCancelled, false),
          sql`${item.category} = any(${villageVisits.categories})`,
        ),
      )
      .orderBy(asc(villageVisits.date)),
    db
      .select({ last: max(serviceSessions.date) })
      .from(serviceSessions)
      .where(eq(serviceSessions.hallId, hallId)),
    villagePlanRules(db, hallId),
    db
      .select({ date: calendarOverrides.date })
      .from(calendarOverrides)
      .where(
        and(
          eq(calendarOverrides.hallId, hallId),
          eq(calendarOverrides.isOpen, false),
          gt(calendarOverrides.date, window.lastDate),
        ),
      ),
  ]);
  if (!item.channels.includes("village")) return hallVillages.map((v) => ({ code: v.code, name: v.name, next: null }));

  const closedDays = new Set(closed.map((c) => c.date));
  // Past the last day made, the rules will make the visits: only there are they planned here.
  const lastMade = extent?.last && extent.last > window.lastDate ? extent.last : window.lastDate;
  const planned = planVillageDays({ hallId, rule, rotation, themes, from: addDays(lastMade, 1), to: until })
    .filter((v) => v.categories?.includes(item.category))
    .map((v) => ({ villageId: v.villageId, date: v.date, theme: v.theme }));
  const later = [...made, ...planned].filter((v) => !closedDays.has(v.date)).sort((a, b) => (a.date < b.date ? -1 : 1));
  const horizon = bookingSettings().horizonDays;

  return hallVillages.map((village) => {
    const own = slots.filter((s) => s.villageId === village.code);
    if (own.length > 0) {
      const date = own[0].date;
      const free = own.filter((s) => s.date === date).some((s) => s.remaining > 0);
      return {
        code: village.code,
        name: village.name,
        next: { date, theme: own[0].theme ?? "", state: free ? "open" : "full" },
      };
    }
    const visit = later.find((v) => v.villageId === village.id);
    return {
      code: village.code,
      name: village.name,
      next: visit
        ? { date: visit.date, theme: visit.theme, state: "later", opensOn: addDays(visit.date, -horizon) }
        : null,
    };
  });
}
