import "server-only";
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  openingHours,
  serviceItems,
  staffUsers,
  villageDayRules,
  villageDayThemes,
  villageRotation,
  villages,
  villageVisits,
  weekendPostRules,
  weekendRoster,
} from "@/db/schema";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { shanghaiDate } from "@/lib/time";

const HH_MM = (time: string) => time.slice(0, 5);

/**
 * What the admin's calendar pages show: the opening hours, the weekend-post pattern and the next
 * dated posts, the village-day rule with its rotation and themes, the villages with their contacts,
 * the hall's staff (to put on a post or visit) and the item categories a village day can offer.
 */
export async function getCalendarSettings(input: { actor: Actor }) {
  const { actor } = input;
  assertRole(actor, "admin");
  const hallId = actor.hallId;
  const today = shanghaiDate();
  const db = await getDb();
  const [hours, postRules, roster, [rule], rotation, themes, villageRows, staff, categories, visits] =
    await Promise.all([
      db.select().from(openingHours).where(eq(openingHours.hallId, hallId)).orderBy(asc(openingHours.weekday)),
      db
        .select()
        .from(weekendPostRules)
        .where(eq(weekendPostRules.hallId, hallId))
        .orderBy(asc(weekendPostRules.weekday)),
      db
        .select({
          date: weekendRoster.date,
          location: weekendRoster.location,
          startTime: weekendRoster.startTime,
          endTime: weekendRoster.endTime,
          isCancelled: weekendRoster.isCancelled,
          staff: staffUsers.displayName,
        })
        .from(weekendRoster)
        .leftJoin(staffUsers, eq(staffUsers.id, weekendRoster.staffUserId))
        .where(and(eq(weekendRoster.hallId, hallId), gt(weekendRoster.date, today)))
        .orderBy(asc(weekendRoster.date))
        .limit(8),
      db.select().from(villageDayRules).where(eq(villageDayRules.hallId, hallId)),
      db
        .select({ villageId: villageRotation.villageId, location: villageRotation.location })
        .from(villageRotation)
        .where(eq(villageRotation.hallId, hallId))
        .orderBy(asc(villageRotation.position)),
      db
        .select({ theme: villageDayThemes.theme, categories: villageDayThemes.categories })
        .from(villageDayThemes)
        .where(eq(villageDayThemes.hallId, hallId))
        .orderBy(asc(villageDayThemes.position)),
      db
        .select({
          id: villages.id,
          name: villages.name,
          contactName: villages.contactName,
          contactPhone: villages.contactPhone,
        })
        .from(villages)
        .where(eq(villages.hallId, hallId))
        .orderBy(asc(villages.id)),
      db
        .select({ id: staffUsers.id, name: staffUsers.displayName, role: staffUsers.role })
        .from(staffUsers)
        .where(
          and(
            eq(staffUsers.hallId, hallId),
            eq(staffUsers.isActive, true),
            inArray(staffUsers.role, ["clerk", "backoffice", "manager", "admin"]),
          ),
        )
        .orderBy(asc(staffUsers.displayName)),
      db
        .selectDistinct({ category: serviceItems.category })
        .from(serviceItems)
        .where(
          and(
            eq(serviceItems.hallId, hallId),
            eq(serviceItems.isActive, true),
            sql`'village' = any(${serviceItems.channels})`,
          ),
        )
        .orderBy(asc(serviceItems.category)),
      db
        .select({
          date: villageVisits.date,
          village: villages.name,
          theme: villageVisits.theme,
          location: villageVisits.location,
          staff: staffUsers.displayName,
        })
        .from(villageVisits)
        .innerJoin(villages, eq(villages.id, villageVisits.villageId))
        .leftJoin(staffUsers, eq(staffUsers.id, villageVisits.staffUserId))
        .where(
          and(eq(villageVisits.hallId, hallId), gt(villageVisits.date, today), eq(villageVisits.isCancelled, false)),
        )
        .orderBy(asc(villageVisits.date))
        .limit(8),
    ]);
  return {
    hours: hours.map((h) => ({
      weekday: h.weekday,
      morningStart: HH_MM(h.morningStart),
      morningEnd: HH_MM(h.morningEnd),
      afternoonStart: HH_MM(h.afternoonStart),
      afternoonEnd: HH_MM(h.afternoonEnd),
    })),
    weekendPosts: postRules.map((p) => ({
      weekday: p.weekday,
      location: p.location,
      startTime: HH_MM(p.startTime),
      endTime: HH_MM(p.endTime),
      staffUserId: p.staffUserId,
    })),
    roster: roster.map((r) => ({ ...r, startTime: HH_MM(r.startTime), endTime: HH_MM(r.endTime) })),
    villageRule: rule
      ? {
          weekday: rule.weekday,
          startTime: HH_MM(rule.startTime),
          endTime: HH_MM(rule.endTime),
          startsOn: rule.startsOn,
          staffUserId: rule.staffUserId,
        }
      : null,
    rotation,
    themes,
    villages: villageRows,
    staff,
    categories: categories.map((c) => c.category),
    visits,
  };
}

export type CalendarSettings = Awaited<ReturnType<typeof getCalendarSettings>>;
