import "server-only";
import { and, eq, gt, sql } from "drizzle-orm";
import type { Tx } from "@/db/connection";
import { serviceSessions, weekendPostRules, weekendRoster } from "@/db/schema";
import {
  addUp,
  hallStaffId,
  NO_CHANGE,
  remakeSessions,
  runCalendarChange,
  type CalendarChangeResult,
} from "@/lib/admin/calendar-change";
import { recordAudit } from "@/lib/audit";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { isWeekendPostDay } from "@/lib/booking/extend-calendar";
import { reshapeSession } from "@/lib/booking/reshape-session";
import { AppError } from "@/lib/errors";
import { addDays, isoWeekday, shanghaiDate } from "@/lib/time";

export interface WeekendPost {
  location: string;
  startTime: string;
  endTime: string;
  staffUserId?: number | null;
}

/**
 * The weekend-post roster (周末服务岗): either the repeating pattern of a weekday (6 = Saturday,
 * 7 = Sunday; every such day that is neither a holiday nor a make-up working day) or one dated
 * post. `post: null` calls the posts off. From tomorrow on, the dated posts follow at once: a post
 * called off cancels its bookings, shorter hours cancel those outside them, a new place moves them
 * — each with one SMS, after the admin has confirmed how many (runCalendarChange).
 */
export async function setWeekendPost(
  input: { actor: Actor; post: WeekendPost | null; confirmAffected?: number } & (
    { weekday: 6 | 7; date?: undefined } | { date: string; weekday?: undefined }
  ),
): Promise<CalendarChangeResult> {
  const { actor, post } = input;
  assertRole(actor, "admin");
  const hallId = actor.hallId;
  const tomorrow = addDays(shanghaiDate(), 1);
  if (input.date !== undefined) {
    if (input.date < tomorrow || input.date > addDays(tomorrow, 366))
      throw new AppError("invalid_input", undefined, { date: "只能安排明天起一年内的日期" });
    if (isoWeekday(input.date) < 6)
      throw new AppError("invalid_input", undefined, { date: "周末服务岗只能在周六或周日" });
  }
  if (post && !(post.startTime < post.endTime))
    throw new AppError("invalid_input", undefined, { endTime: "结束时间应晚于开始时间" });
  return runCalendarChange(input.confirmAffected, async (tx) => {
    const staffUserId = post ? await hallStaffId(tx, { hallId, staffUserId: post.staffUserId }) : null;
    const fields = post
      ? { location: post.location, startTime: post.startTime, endTime: post.endTime, staffUserId }
      : null;
    if (input.weekday !== undefined) {
      if (fields)
        await tx
          .insert(weekendPostRules)
          .values({ hallId, weekday: input.weekday, ...fields })
          .onConflictDoUpdate({ target: [weekendPostRules.hallId, weekendPostRules.weekday], set: fields });
      else
        await tx
          .delete(weekendPostRules)
          .where(and(eq(weekendPostRules.hallId, hallId), eq(weekendPostRules.weekday, input.weekday)));
    }
    const rows = await tx
      .select()
      .from(weekendRoster)
      .where(
        and(
          eq(weekendRoster.hallId, hallId),
          input.date !== undefined
            ? eq(weekendRoster.date, input.date)
            : and(
                gt(weekendRoster.date, shanghaiDate()),
                sql`extract(isodow from ${weekendRoster.date}) = ${input.weekday}`,
              ),
        ),
      );
    const results = [];
    for (const row of rows) {
      // The pattern leaves holidays and make-up working days alone; a dated post may be on any weekend day.
      const isPostDay = input.date !== undefined || isWeekendPostDay(row.date);
      results.push(await applyToRosterRow(tx, { hallId, row, fields: isPostDay ? fields : null }));
    }
    if (input.date !== undefined && fields && rows.length === 0)
      await tx.insert(weekendRoster).values({ hallId, date: input.date, ...fields });
    await remakeSessions(tx, { hallId, from: tomorrow });
    const result = addUp(results);
    await recordAudit(tx, {
      hallId,
      actorId: actor.id,
      actorName: actor.username,
      action: fields ? "calendar.set_weekend_post" : "calendar.cancel_weekend_post",
      objectType: input.date !== undefined ? "weekend_post_date" : "weekend_post",
      objectId: input.date ?? String(input.weekday),
      result: "ok",
      detail: { ...(fields ?? {}), ...result },
    });
    return result;
  });
}

async function applyToRosterRow(
  tx: Tx,
  input: {
    hallId: number;
    row: typeof weekendRoster.$inferSelect;
    fields: { location: string; startTime: string; endTime: string; staffUserId: number | null } | null;
  },
) {
  const { hallId, row, fields } = input;
  if (!fields && row.isCancelled) return NO_CHANGE;
  await tx
    .update(weekendRoster)
    .set(fields ? { ...fields, isCancelled: false } : { isCancelled: true })
    .where(eq(weekendRoster.id, row.id));
  const [session] = await tx
    .select({ id: serviceSessions.id })
    .from(serviceSessions)
    .where(and(eq(serviceSessions.weekendRosterId, row.id), eq(serviceSessions.hallId, hallId)));
  if (!session) return NO_CHANGE;
  if (fields && row.isCancelled)
    await tx.update(serviceSessions).set({ isCancelled: false }).where(eq(serviceSessions.id, session.id));
  return reshapeSession(tx, {
    hallId,
    sessionId: session.id,
    periods: fields ? [[fields.startTime, fields.endTime]] : null,
    location: fields?.location,
    reason: fields ? "周末服务岗安排调整" : "周末服务岗暂停",
  });
}
