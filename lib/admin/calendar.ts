import "server-only";
import { and, asc, eq, gte } from "drizzle-orm";
import { getDb } from "@/db/client";
import { calendarOverrides } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { cancelClosedDay } from "@/lib/booking/cancel-closed-day";
import { ensureSessions } from "@/lib/booking/sessions";
import { AppError } from "@/lib/errors";
import { runCalendarChange, type CalendarChangeResult } from "@/lib/admin/calendar-change";
import { addDays, shanghaiDate } from "@/lib/time";

/** The hall's own calendar changes from today on. */
export async function listCalendarOverrides(input: { actor: Actor }) {
  assertRole(input.actor, "admin");
  const db = await getDb();
  return db
    .select({ date: calendarOverrides.date, isOpen: calendarOverrides.isOpen, reason: calendarOverrides.reason })
    .from(calendarOverrides)
    .where(and(eq(calendarOverrides.hallId, input.actor.hallId), gte(calendarOverrides.date, shanghaiDate())))
    .orderBy(asc(calendarOverrides.date));
}

/**
 * Close a day the State Council calendar has open (or open one it has closed), with a reason the
 * villagers see; also edits an override already there. Sessions of that day are cancelled or made
 * at once; closing also cancels the day's bookings and waitlists and tells each villager by SMS
 * (cancelClosedDay) — after the admin has confirmed how many (runCalendarChange). Opening the day
 * again gives back its sessions, not those bookings.
 */
export async function setCalendarOverride(input: {
  actor: Actor;
  date: string;
  isOpen: boolean;
  reason: string;
  confirmAffected?: number;
}): Promise<CalendarChangeResult> {
  assertRole(input.actor, "admin");
  const today = shanghaiDate();
  if (input.date < today || input.date > addDays(today, 366))
    throw new AppError("invalid_input", undefined, { date: "只能设置今天起一年内的日期" });
  return runCalendarChange(input.confirmAffected, async (tx) => {
    await tx
      .insert(calendarOverrides)
      .values({ hallId: input.actor.hallId, date: input.date, isOpen: input.isOpen, reason: input.reason })
      .onConflictDoUpdate({
        target: [calendarOverrides.hallId, calendarOverrides.date],
        set: { isOpen: input.isOpen, reason: input.reason },
      });
    await ensureSessions(tx, { hallId: input.actor.hallId, from: input.date, to: input.date });
    const cancelled = input.isOpen
      ? { bookings: 0, waitlist: 0 }
      : await cancelClosedDay(tx, { hallId: input.actor.hallId, date: input.date, reason: input.reason });
    await recordAudit(tx, {
      hallId: input.actor.hallId,
      actorId: input.actor.id,
      actorName: input.actor.username,
      action: input.isOpen ? "calendar.open" : "calendar.close",
      objectType: "calendar_day",
      objectId: input.date,
      result: "ok",
      detail: { reason: input.reason, ...(input.isOpen ? {} : { cancelled }) },
    });
    return { cancelled: cancelled.bookings, moved: 0, waitlist: cancelled.waitlist };
  });
}
