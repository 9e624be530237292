import "server-only";
import { and, asc, eq, gte, lte } from "drizzle-orm";
import { getDb } from "@/db/client";
import { villages, villageVisits, weekendRoster } from "@/db/schema";
import { bookingSettings } from "@/lib/booking/settings";
import { clockLabel } from "@/lib/format";
import { addDays, shanghaiDate } from "@/lib/time";

export interface UpcomingSession {
  channel: "weekend" | "village";
  date: string;
  location: string;
  start: string;
  end: string;
  theme?: string;
  village?: string;
}

/**
 * The coming weekend posts and Tuesday village visits, by date: those of the booking horizon (the
 * dated rows are made from the rules that far ahead, see lib/booking/extend-calendar.ts).
 */
export async function getUpcomingSessions(input: { hallId: number }): Promise<UpcomingSession[]> {
  const db = await getDb();
  const from = shanghaiDate();
  const to = addDays(from, bookingSettings().horizonDays);
  const [weekend, visits] = await Promise.all([
    db
      .select({
        date: weekendRoster.date,
        location: weekendRoster.location,
        start: weekendRoster.startTime,
        end: weekendRoster.endTime,
      })
      .from(weekendRoster)
      .where(and(eq(weekendRoster.hallId, input.hallId), gte(weekendRoster.date, from), lte(weekendRoster.date, to))),
    db
      .select({
        date: villageVisits.date,
        location: villageVisits.location,
        start: villageVisits.startTime,
        end: villageVisits.endTime,
        theme: villageVisits.theme,
        village: villages.name,
      })
      .from(villageVisits)
      .innerJoin(villages, eq(villages.id, villageVisits.villageId))
      .where(and(eq(villageVisits.hallId, input.hallId), gte(villageVisits.date, from), lte(villageVisits.date, to)))
      .orderBy(asc(villageVisits.date)),
  ]);
  return [
    ...weekend.map((w) => ({
      channel: "weekend" as const,
      date: w.date,
      location: w.location,
      start: clockLabel(w.start),
      end: clockLabel(w.end),
    })),
    ...visits.map((v) => ({
      channel: "village" as const,
      date: v.date,
      location: v.location,
      start: clockLabel(v.start),
      end: clockLabel(v.end),
      theme: v.theme,
      village: v.village,
    })),
  ].sort((a, b) => a.date.localeCompare(b.date));
}
