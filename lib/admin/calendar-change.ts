import "server-only";
import { and, eq, gte, max } from "drizzle-orm";
import { getDb } from "@/db/client";
import type { Tx } from "@/db/connection";
import { serviceSessions, staffUsers } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { ensureSessions } from "@/lib/booking/sessions";
import { bookingSettings } from "@/lib/booking/settings";
import type { SessionChangeResult } from "@/lib/booking/reshape-session";
import { addDays, shanghaiDate } from "@/lib/time";

/**
 * What a calendar change did to bookings: `needs_confirmation` when it would cancel or move
 * bookings the admin has not confirmed (nothing was saved), `saved` otherwise.
 */
export type CalendarChangeResult =
  | { status: "needs_confirmation"; affected: number }
  | { status: "saved"; affected: number; cancelled: number; moved: number; waitlist: number };

class NeedsConfirmation extends Error {
  constructor(readonly affected: number) {
    super("needs confirmation");
  }
}

export const NO_CHANGE: SessionChangeResult = { cancelled: 0, moved: 0, waitlist: 0 };

export function addUp(results: SessionChangeResult[]): SessionChangeResult {
  return results.reduce(
    (sum, r) => ({
      cancelled: sum.cancelled + r.cancelled,
      moved: sum.moved + r.moved,
      waitlist: sum.waitlist + r.waitlist,
    }),
    NO_CHANGE,
  );
}

/**
 * Runs a calendar change in one transaction and counts the bookings it cancels or moves. The count
 * the admin is shown before saving is this very run, rolled back: the same code decides what is
 * affected in the preview and in the save. The save goes through only when the admin confirmed
 * exactly that count; a booking made in between changes the count, so the admin is asked again
 * rather than a villager being cancelled unseen.
 */
export async function runCalendarChange(
  confirmAffected: number | undefined,
  change: (tx: Tx) => Promise<SessionChangeResult>,
): Promise<CalendarChangeResult> {
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const result = await change(tx);
      const affected = result.cancelled + result.moved;
      if (affected > 0 && confirmAffected !== affected) throw new NeedsConfirmation(affected);
      return { status: "saved" as const, affected, ...result };
    });
  } catch (error) {
    if (error instanceof NeedsConfirmation) return { status: "needs_confirmation", affected: error.affected };
    throw error;
  }
}

/** The last day the hall's sessions are made for (at least the booking horizon). */
export async function lastSessionDate(tx: Tx, hallId: number): Promise<string> {
  const [row] = await tx
    .select({ last: max(serviceSessions.date) })
    .from(serviceSessions)
    .where(and(eq(serviceSessions.hallId, hallId), gte(serviceSessions.date, shanghaiDate())));
  const horizon = addDays(shanghaiDate(), bookingSettings().horizonDays);
  return row?.last && row.last > horizon ? row.last : horizon;
}

/** After the rules changed: the sessions and slots of [from, last session day] as the new rules make them. */
export async function remakeSessions(tx: Tx, input: { hallId: number; from: string }) {
  const to = await lastSessionDate(tx, input.hallId);
  if (input.from <= to) await ensureSessions(tx, { hallId: input.hallId, from: input.from, to });
}

/** A staff member of the admin's own hall (for a post or a visit day), or a field error. */
export async function hallStaffId(tx: Tx, input: { hallId: number; staffUserId: number | null | undefined }) {
  if (input.staffUserId === null || input.staffUserId === undefined) return null;
  const [row] = await tx
    .select({ id: staffUsers.id })
    .from(staffUsers)
    .where(
      and(eq(staffUsers.id, input.staffUserId), eq(staffUsers.hallId, input.hallId), eq(staffUsers.isActive, true)),
    );
  if (!row) throw new AppError("invalid_input", undefined, { staffUserId: "本中心没有这名在岗人员" });
  return row.id;
}
