import "server-only";
import { and, asc, count, eq, gte, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { bookings, serviceSessions, slots, villages, villageVisits } from "@/db/schema";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { shanghaiDate } from "@/lib/time";

export interface VillageVisitSummary {
  id: number;
  date: string;
  village: { code: string; name: string };
  theme: string;
  location: string;
  startTime: string;
  endTime: string;
  bookings: number;
}

/** A village visit's own columns, as both the list and the day taken along read them. */
export const VISIT_COLUMNS = {
  id: villageVisits.id,
  date: villageVisits.date,
  code: villages.code,
  name: villages.name,
  theme: villageVisits.theme,
  location: villageVisits.location,
  startTime: villageVisits.startTime,
  endTime: villageVisits.endTime,
};

/** The hall's village days (周二主题下村日) from today on, soonest first: which one to take along. */
export async function listVillageVisits(input: {
  actor: Actor;
  today?: string;
  limit?: number;
}): Promise<VillageVisitSummary[]> {
  assertRole(input.actor, "clerk");
  const db = await getDb();
  const today = input.today ?? shanghaiDate();
  const visits = await db
    .select(VISIT_COLUMNS)
    .from(villageVisits)
    .innerJoin(villages, eq(villages.id, villageVisits.villageId))
    .where(
      and(
        eq(villageVisits.hallId, input.actor.hallId),
        gte(villageVisits.date, today),
        eq(villageVisits.isCancelled, false),
      ),
    )
    .orderBy(asc(villageVisits.date), asc(villages.code))
    .limit(input.limit ?? 20);
  const counts =
    visits.length === 0
      ? []
      : await db
          .select({ visitId: serviceSessions.villageVisitId, n: count() })
          .from(bookings)
          .innerJoin(slots, eq(slots.id, bookings.slotId))
          .innerJoin(serviceSessions, eq(serviceSessions.id, slots.sessionId))
          .where(
            and(
              inArray(
                serviceSessions.villageVisitId,
                visits.map((v) => v.id),
              ),
              inArray(bookings.status, ["confirmed", "checked_in"]),
            ),
          )
          .groupBy(serviceSessions.villageVisitId);
  return visits.map((v) => ({
    id: v.id,
    date: v.date,
    village: { code: v.code, name: v.name },
    theme: v.theme,
    location: v.location,
    startTime: v.startTime.slice(0, 5),
    endTime: v.endTime.slice(0, 5),
    bookings: Number(counts.find((c) => c.visitId === v.id)?.n ?? 0),
  }));
}
