import "server-only";
import { and, asc, between, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/connection";
import {
  villageDayRules,
  villageDayThemes,
  villageRotation,
  villageVisits,
  weekendPostRules,
  weekendRoster,
} from "@/db/schema";
import { addDays, holidayName, isoWeekday, isStateWorkday } from "@/lib/time";

/** A weekend post on this Saturday or Sunday: neither a public holiday nor a make-up working day (调休). */
export function isWeekendPostDay(date: string): boolean {
  return isoWeekday(date) >= 6 && !isStateWorkday(date) && !holidayName(date);
}

/** What a hall's village days are planned from (planVillageDays): its rule, the villages' rotation and the themes', in order. */
export async function villagePlanRules(db: Db | Tx, hallId: number) {
  const [[rule], rotation, themes] = await Promise.all([
    db.select().from(villageDayRules).where(eq(villageDayRules.hallId, hallId)),
    db.select().from(villageRotation).where(eq(villageRotation.hallId, hallId)).orderBy(asc(villageRotation.position)),
    db
      .select()
      .from(villageDayThemes)
      .where(eq(villageDayThemes.hallId, hallId))
      .orderBy(asc(villageDayThemes.position)),
  ]);
  return { rule, rotation, themes };
}

/**
 * The dated weekend posts and village visits of [from, to], made from the hall's rules:
 * weekend_post_rules (the roster pattern) and village_day_rules with its two rotations (villages
 * in `position` order, themes in `position` order; each working rule weekday since `starts_on` is
 * one step of both, so a holiday is skipped and the next village comes the week after).
 *
 * Only ever inserts, `on conflict do nothing` on one key per date (weekend_roster's hall and date,
 * village_visits_rotation_uq): a rerun or a second instance at the same time makes nothing twice,
 * and a post or visit already there — changed by an admin, or with bookings — stays as it is.
 */
export async function extendCalendar(db: Db | Tx, input: { hallId: number; from: string; to: string }) {
  const { hallId, from, to } = input;
  const [posts, { rule: villageRule, rotation, themes }] = await Promise.all([
    db.select().from(weekendPostRules).where(eq(weekendPostRules.hallId, hallId)),
    villagePlanRules(db, hallId),
  ]);

  const postByWeekday = new Map(posts.map((p) => [p.weekday, p]));
  const roster: (typeof weekendRoster.$inferInsert)[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const post = postByWeekday.get(isoWeekday(date));
    if (!post || !isWeekendPostDay(date)) continue;
    roster.push({
      hallId,
      date,
      location: post.location,
      startTime: post.startTime,
      endTime: post.endTime,
      staffUserId: post.staffUserId,
    });
  }
  if (roster.length > 0) await db.insert(weekendRoster).values(roster).onConflictDoNothing();

  const visits = planVillageDays({ hallId, rule: villageRule, rotation, themes, from, to });
  if (visits.length === 0) return;
  // A day that already has a visit (made before the rules, or by hand) keeps it and gets no other.
  const taken = new Set(
    (
      await db
        .select({ date: villageVisits.date })
        .from(villageVisits)
        .where(and(eq(villageVisits.hallId, hallId), between(villageVisits.date, from, to)))
    ).map((v) => v.date),
  );
  const fresh = visits.filter((v) => !taken.has(v.date));
  if (fresh.length > 0) await db.insert(villageVisits).values(fresh).onConflictDoNothing();
}

/**
 * The village visits the rules make on [from, to]: each working rule weekday since `starts_on` is
 * one step of both rotations (a holiday is skipped, and that village comes the week after). Shared
 * by extendCalendar and the admin's rotation change (lib/admin/set-village-rotation.ts).
 */
export function planVillageDays(input: {
  hallId: number;
  rule: typeof villageDayRules.$inferSelect | undefined;
  rotation: { villageId: number; location: string }[];
  themes: { theme: string; categories: string[] }[];
  from: string;
  to: string;
}): (typeof villageVisits.$inferInsert & { date: string; villageId: number })[] {
  const { hallId, rule, rotation, themes, from, to } = input;
  if (!rule || rotation.length === 0 || themes.length === 0) return [];
  const visits: (typeof villageVisits.$inferInsert & { date: string; villageId: number })[] = [];
  let day = rule.startsOn;
  while (isoWeekday(day) !== rule.weekday) day = addDays(day, 1);
  for (let step = 0; day <= to; day = addDays(day, 7)) {
    if (!isStateWorkday(day)) continue;
    if (day >= from) {
      const village = rotation[step % rotation.length];
      const theme = themes[step % themes.length];
      visits.push({
        hallId,
        date: day,
        villageId: village.villageId,
        theme: theme.theme,
        categories: theme.categories,
        location: village.location,
        startTime: rule.startTime,
        endTime: rule.endTime,
        staffUserId: rule.staffUserId,
        fromRotation: true,
      });
    }
    step += 1;
  }
  return visits;
}
