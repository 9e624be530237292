import "server-only";
import { and, eq, gt } from "drizzle-orm";
import { openingHours, serviceSessions } from "@/db/schema";
import { addUp, remakeSessions, runCalendarChange, type CalendarChangeResult } from "@/lib/admin/calendar-change";
import { recordAudit } from "@/lib/audit";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { reshapeSession } from "@/lib/booking/reshape-session";
import { AppError } from "@/lib/errors";
import { addDays, isoWeekday, shanghaiDate } from "@/lib/time";

export interface OpeningHoursInput {
  weekdays: number[];
  morningStart: string;
  morningEnd: string;
  afternoonStart: string;
  afternoonEnd: string;
}

/**
 * The hall's opening hours and lunch break on the given weekdays, from tomorrow on (today's
 * villagers are already on their way). Window slots outside the new hours are withdrawn and their
 * bookings cancelled with an SMS each — after the admin has confirmed how many (runCalendarChange);
 * slots the new hours add are made at once.
 */
export async function setOpeningHours(
  input: OpeningHoursInput & { actor: Actor; confirmAffected?: number },
): Promise<CalendarChangeResult> {
  const { actor } = input;
  assertRole(actor, "admin");
  const hallId = actor.hallId;
  const from = addDays(shanghaiDate(), 1);
  if (input.weekdays.length === 0) throw new AppError("invalid_input", undefined, { weekdays: "请至少选择一天" });
  if (!(
    input.morningStart < input.morningEnd &&
    input.morningEnd <= input.afternoonStart &&
    input.afternoonStart < input.afternoonEnd
  ))
    throw new AppError("invalid_input", undefined, {
      afternoonStart: "时间应依次为：上午上班、午休开始、下午上班、下班",
    });
  return runCalendarChange(input.confirmAffected, async (tx) => {
    const hours = {
      morningStart: input.morningStart,
      morningEnd: input.morningEnd,
      afternoonStart: input.afternoonStart,
      afternoonEnd: input.afternoonEnd,
    };
    await tx
      .insert(openingHours)
      .values(input.weekdays.map((weekday) => ({ hallId, weekday, ...hours })))
      .onConflictDoUpdate({ target: [openingHours.hallId, openingHours.weekday], set: hours });
    const all = await tx.select().from(openingHours).where(eq(openingHours.hallId, hallId));
    const byWeekday = new Map(all.map((h) => [h.weekday, h]));
    const sessions = await tx
      .select({ id: serviceSessions.id, date: serviceSessions.date })
      .from(serviceSessions)
      .where(
        and(
          eq(serviceSessions.hallId, hallId),
          eq(serviceSessions.channel, "window"),
          eq(serviceSessions.isCancelled, false),
          gt(serviceSessions.date, shanghaiDate()),
        ),
      );
    const results = [];
    for (const s of sessions) {
      // As ensureSessions reads them: a make-up working day (调休) on a weekend has Monday's hours.
      const h = byWeekday.get(isoWeekday(s.date)) ?? byWeekday.get(1);
      if (!h || !input.weekdays.includes(h.weekday)) continue;
      results.push(
        await reshapeSession(tx, {
          hallId,
          sessionId: s.id,
          periods: [
            [h.morningStart, h.morningEnd],
            [h.afternoonStart, h.afternoonEnd],
          ],
          reason: "服务中心调整办公时间",
        }),
      );
    }
    await remakeSessions(tx, { hallId, from });
    const result = addUp(results);
    await recordAudit(tx, {
      hallId,
      actorId: actor.id,
      actorName: actor.username,
      action: "calendar.set_hours",
      objectType: "opening_hours",
      objectId: input.weekdays.join(","),
      result: "ok",
      detail: { ...hours, weekdays: input.weekdays, ...result },
    });
    return result;
  });
}
