import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/connection";
import { tickets, windows } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { publishQueueEvent } from "@/lib/queue/events";
import { asWindowBusy, takeWindow } from "@/lib/queue/take-window";
import { requireOwnWindow, selectTickets, windowNumber } from "@/lib/queue/ticket-view";
import type { TicketView } from "@/lib/queue/types";
import { shanghaiDate } from "@/lib/time";

/**
 * Call the next ticket for the clerk's window. FOR UPDATE SKIP LOCKED: when every window presses
 * "next" at once, each takes a different ticket and none is called twice or skipped. The window is
 * taken first (`takeWindow`): a ticket still being served there is finished, and a second
 * simultaneous call for the same window waits and is refused.
 */
export async function callNext(input: { actor: Actor; windowId: number }): Promise<TicketView | null> {
  const windowId = requireOwnWindow(input.actor);
  if (windowId !== input.windowId) throw new AppError("forbidden", "只能为自己的窗口叫号");
  const db = await getDb();
  const today = shanghaiDate();
  const number = await windowNumber(db, windowId);
  // An admin closed the window for today (/admin/windows): it calls nobody until it is opened again.
  const [closed] = await db
    .select({ id: windows.id })
    .from(windows)
    .where(and(eq(windows.id, windowId), eq(windows.closedOn, today)));
  if (closed) throw new AppError("conflict", "本窗口今天已暂停叫号，请联系管理员");
  return db
    .transaction(async (tx) => {
      await takeWindow(tx, { actor: input.actor, windowId, windowNumber: number, today });
      const called = rowsOf<{ id: number; number: string }>(
        await tx.execute(sql`
        with next as (
          select t.id from tickets t
          join window_queues wq on wq.queue_id = t.queue_id and wq.window_id = ${windowId}
          where t.hall_id = ${input.actor.hallId} and t.service_date = ${today} and t.status = 'waiting'
            and (t.target_window_id is null or t.target_window_id = ${windowId})
          order by t.priority desc, t.seq, t.id
          limit 1
          for update of t skip locked
        )
        update tickets set status = 'called', window_id = ${windowId}, target_window_id = null, called_at = now(), recall_count = 0
        where id = (select id from next)
        returning id, number`),
      );
      if (called.length === 0) return null;
      await publishQueueEvent(tx, {
        hallId: input.actor.hallId,
        kind: "called",
        ticketId: called[0].id,
        ticketNumber: called[0].number,
        windowNumber: number,
        actorId: input.actor.id,
      });
      return (await selectTickets(tx, eq(tickets.id, called[0].id)))[0].view;
    })
    .catch(asWindowBusy);
}
