import "server-only";
import { and, asc, desc, eq, gte } from "drizzle-orm";
import { getDb } from "@/db/client";
import { cases, queueEvents, staffUsers, windows } from "@/db/schema";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { pendingPadTicket } from "@/lib/evaluations/pad-ticket";
import { atShanghai, shanghaiDate } from "@/lib/time";

export interface PadState {
  window: { number: number; name: string };
  clerk: { name: string } | null;
  pending: { ticketId: number; ticketNumber: string; caseNos: string[] } | null;
}

/**
 * What the rating pad at a window shows: the window, the clerk working it today (the last one who
 * called there), and the visit just finished, to be rated.
 */
export async function getPadState(input: { actor: Actor }): Promise<PadState> {
  const { actor } = input;
  assertRole(actor, "pad");
  if (!actor.windowId) throw new AppError("forbidden", "该评价器没有绑定窗口，请联系管理员");
  const db = await getDb();
  const [window] = await db
    .select({ number: windows.number, name: windows.name })
    .from(windows)
    .where(and(eq(windows.id, actor.windowId), eq(windows.hallId, actor.hallId)));
  if (!window) throw new AppError("forbidden", "该评价器没有绑定窗口，请联系管理员");
  const [lastCall] = await db
    .select({ name: staffUsers.displayName })
    .from(queueEvents)
    .innerJoin(staffUsers, eq(staffUsers.id, queueEvents.actorId))
    .where(
      and(
        eq(queueEvents.hallId, actor.hallId),
        eq(queueEvents.windowNumber, window.number),
        eq(staffUsers.role, "clerk"),
        gte(queueEvents.at, atShanghai(shanghaiDate(), "00:00")),
      ),
    )
    .orderBy(desc(queueEvents.id))
    .limit(1);
  const [assigned] = lastCall
    ? [lastCall]
    : await db
        .select({ name: staffUsers.displayName })
        .from(staffUsers)
        .where(
          and(eq(staffUsers.windowId, actor.windowId), eq(staffUsers.role, "clerk"), eq(staffUsers.isActive, true)),
        )
        .orderBy(asc(staffUsers.id))
        .limit(1);
  const ticket = await pendingPadTicket(db, { hallId: actor.hallId, windowId: actor.windowId });
  const caseNos = ticket
    ? (
        await db
          .select({ caseNo: cases.caseNo })
          .from(cases)
          .where(eq(cases.ticketId, ticket.id))
          .orderBy(asc(cases.id))
      ).map((c) => c.caseNo)
    : [];
  return {
    window,
    clerk: assigned ? { name: assigned.name } : null,
    pending: ticket ? { ticketId: ticket.id, ticketNumber: ticket.number, caseNos } : null,
  };
}
