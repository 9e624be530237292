import "server-only";
import { and, eq, isNull, or, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { tickets } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { publishQueueEvent } from "@/lib/queue/events";
import { asWindowBusy, takeWindow } from "@/lib/queue/take-window";
import { requireOwnWindow, selectTickets, windowNumber } from "@/lib/queue/ticket-view";
import type { TicketView } from "@/lib/queue/types";
import { shanghaiDate } from "@/lib/time";

/**
 * Call one waiting ticket out of order (a reason is required and recorded). Like call-next it
 * takes the window first (finishing a ticket being served), and it cannot take a ticket reserved
 * for another window.
 */
export async function callTicket(input: { actor: Actor; ticketId: number; reason: string }): Promise<TicketView> {
  const windowId = requireOwnWindow(input.actor);
  const db = await getDb();
  const today = shanghaiDate();
  const number = await windowNumber(db, windowId);
  return db
    .transaction(async (tx) => {
      await takeWindow(tx, { actor: input.actor, windowId, windowNumber: number, today });
      const updated = await tx
        .update(tickets)
        .set({
          status: "called",
          windowId,
          targetWindowId: null,
          calledAt: new Date(),
          recallCount: 0,
          note: input.reason,
        })
        .where(
          and(
            eq(tickets.id, input.ticketId),
            eq(tickets.hallId, input.actor.hallId),
            eq(tickets.serviceDate, today),
            eq(tickets.status, "waiting"),
            sql`${tickets.queueId} in (select queue_id from window_queues where window_id = ${windowId})`,
            // A ticket transferred (or restored) to one window is reserved for that window.
            or(isNull(tickets.targetWindowId), eq(tickets.targetWindowId, windowId)),
          ),
        )
        .returning({ id: tickets.id, number: tickets.number });
      if (updated.length === 0) throw new AppError("conflict", "该号不在本窗口的等候队列中、已被叫，或已转给其他窗口");
      await publishQueueEvent(tx, {
        hallId: input.actor.hallId,
        kind: "called",
        ticketId: updated[0].id,
        ticketNumber: updated[0].number,
        windowNumber: number,
        actorId: input.actor.id,
        note: `跳号呼叫：${input.reason}`,
      });
      return (await selectTickets(tx, eq(tickets.id, updated[0].id)))[0].view;
    })
    .catch(asWindowBusy);
}
