import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { calendarOverrides, serviceSessions, villageVisits, weekendRoster } from "@/db/schema";
import { runCalendarChange, type CalendarChangeResult } from "@/lib/admin/calendar-change";
import { recordAudit } from "@/lib/audit";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { reshapeSession } from "@/lib/booking/reshape-session";
import { ensureSessions } from "@/lib/booking/sessions";
import { AppError } from "@/lib/errors";
import { isStateWorkday, shanghaiDate } from "@/lib/time";

/**
 * Removes the hall's override of a day: the State Council calendar applies again. A day that was
 * closed gets its sessions back (not the bookings cancelled then); a holiday that was opened
 * closes again, and the bookings made for it are cancelled with an SMS each — after the admin has
 * confirmed how many (runCalendarChange).
 */
export async function removeCalendarOverride(input: {
  actor: Actor;
  date: string;
  confirmAffected?: number;
}): Promise<CalendarChangeResult> {
  const { actor } = input;
  assertRole(actor, "admin");
  if (input.date < shanghaiDate()) throw new AppError("invalid_input", undefined, { date: "过去的日期不能再改" });
  const hallId = actor.hallId;
  return runCalendarChange(input.confirmAffected, async (tx) => {
    const [removed] = await tx
      .delete(calendarOverrides)
      .where(and(eq(calendarOverrides.hallId, hallId), eq(calendarOverrides.date, input.date)))
      .returning({ isOpen: calendarOverrides.isOpen, reason: calendarOverrides.reason });
    if (!removed) throw new AppError("not_found", "这一天没有调整");
    const sessions = await tx
      .select({
        id: serviceSessions.id,
        channel: serviceSessions.channel,
        isCalledOff: sql<boolean>`coalesce(${weekendRoster.isCancelled}, ${villageVisits.isCancelled}, false)`,
      })
      .from(serviceSessions)
      .leftJoin(weekendRoster, eq(weekendRoster.id, serviceSessions.weekendRosterId))
      .leftJoin(villageVisits, eq(villageVisits.id, serviceSessions.villageVisitId))
      .where(and(eq(serviceSessions.hallId, hallId), eq(serviceSessions.date, input.date)));
    const isWorkday = isStateWorkday(input.date);
    let result = { cancelled: 0, moved: 0, waitlist: 0 };
    for (const s of sessions) {
      // Weekend posts and village days follow their own rules; the window follows the State Council.
      const staysOpen = s.channel !== "window" || isWorkday;
      if (s.isCalledOff) continue;
      if (staysOpen) {
        await tx.update(serviceSessions).set({ isCancelled: false }).where(eq(serviceSessions.id, s.id));
      } else if (removed.isOpen) {
        // Each session called off adds its bookings and waitlist entries (a day may have several).
        const change = await reshapeSession(tx, { hallId, sessionId: s.id, periods: null, reason: "该日恢复休息" });
        result = {
          cancelled: result.cancelled + change.cancelled,
          moved: result.moved + change.moved,
          waitlist: result.waitlist + change.waitlist,
        };
      }
    }
    await ensureSessions(tx, { hallId, from: input.date, to: input.date });
    await recordAudit(tx, {
      hallId,
      actorId: actor.id,
      actorName: actor.username,
      action: "calendar.remove_override",
      objectType: "calendar_day",
      objectId: input.date,
      result: "ok",
      detail: { wasOpen: removed.isOpen, reason: removed.reason, ...result },
    });
    return result;
  });
}
