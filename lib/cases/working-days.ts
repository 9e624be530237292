import "server-only";
import { and, between, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/connection";
import { calendarOverrides } from "@/db/schema";
import { addDays, addWorkingDays, isStateWorkday, workingDaysBetween } from "@/lib/time";

export type IsWorkday = (date: string) => boolean;

/**
 * The hall's working days over [from, to]: the State Council calendar (holidays and 调休) with the
 * admin's overrides on top, as booking reads them. Dates outside the range fall back to the State
 * Council calendar alone.
 */
export async function hallWorkdays(
  db: Db | Tx,
  input: { hallId: number; from: string; to: string },
): Promise<IsWorkday> {
  const rows = await db
    .select({ date: calendarOverrides.date, isOpen: calendarOverrides.isOpen })
    .from(calendarOverrides)
    .where(and(eq(calendarOverrides.hallId, input.hallId), between(calendarOverrides.date, input.from, input.to)));
  const overrides = new Map(rows.map((r) => [r.date, r.isOpen]));
  return (date) => overrides.get(date) ?? isStateWorkday(date);
}

// 60 working days (the longest promise) never span more than about 100 calendar days, even across
// the Spring Festival and National Day; the margin covers a long 补正 pause too.
const HORIZON_DAYS = 200;

/** The hall's calendar from `date` on, far enough for any promise. */
export function hallWorkdaysFrom(db: Db | Tx, hallId: number, date: string) {
  return hallWorkdays(db, { hallId, from: addDays(date, -HORIZON_DAYS), to: addDays(date, HORIZON_DAYS) });
}

/** 承诺件: due on the Nth working day after the day of acceptance (that day not counted). */
export function promisedDueDate(acceptedOn: string, promisedDays: number, isWorkday: IsWorkday): string {
  return addWorkingDays(acceptedOn, promisedDays, isWorkday);
}

/** Working days a 补正 pause took: from the day of the notice (exclusive) to the day the materials came. */
export function pausedWorkingDays(noticeOn: string, receivedOn: string, isWorkday: IsWorkday): number {
  return receivedOn <= noticeOn ? 0 : workingDaysBetween(noticeOn, receivedOn, isWorkday);
}

/** ok / soon (due within two working days) / overdue, for open cases; null when the clock is not running. */
export function dueStateOf(
  dueDate: string | null,
  status: string,
  today: string,
  isWorkday: IsWorkday,
): "ok" | "soon" | "overdue" | null {
  if (!dueDate || (status !== "accepted" && status !== "processing")) return null;
  if (dueDate < today) return "overdue";
  return dueDate <= addWorkingDays(today, 2, isWorkday) ? "soon" : "ok";
}
