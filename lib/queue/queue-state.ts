import "server-only";
import { and, asc, desc, eq, gte, inArray, isNotNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/connection";
import { halls, queues, tickets, windows } from "@/db/schema";
import { env } from "@/lib/env";
import type { QueueState } from "@/lib/queue/types";
import { minutesPerTicket } from "@/lib/queue/wait-estimate";
import { shanghaiDate } from "@/lib/time";

/** The hall's live queue as everyone may see it: no names, no personal data. */
export async function getQueueState(input: { hallId: number }): Promise<QueueState> {
  const db = await getDb();
  const today = shanghaiDate();
  const [queueRows, waitingRows, current, recent, [last], [hall]] = await Promise.all([
    db
      .select({ id: queues.id, prefix: queues.prefix, name: queues.name })
      .from(queues)
      .where(eq(queues.hallId, input.hallId))
      .orderBy(asc(queues.sortOrder)),
    // In calling order (lib/queue/order.ts), so that a phone reads its place off the snapshot.
    db
      .select({ queueId: tickets.queueId, number: tickets.number })
      .from(tickets)
      .where(and(eq(tickets.hallId, input.hallId), eq(tickets.serviceDate, today), eq(tickets.status, "waiting")))
      .orderBy(desc(tickets.priority), asc(tickets.seq), asc(tickets.id)),
    db
      .select({
        ticket: tickets.number,
        window: windows.number,
        calledAt: tickets.calledAt,
        recall: tickets.recallCount,
      })
      .from(tickets)
      .innerJoin(windows, eq(windows.id, tickets.windowId))
      .where(
        and(
          eq(tickets.hallId, input.hallId),
          eq(tickets.serviceDate, today),
          inArray(tickets.status, ["called", "serving"]),
        ),
      )
      .orderBy(asc(windows.number)),
    db
      .select({ ticket: tickets.number, window: windows.number, calledAt: tickets.calledAt })
      .from(tickets)
      .innerJoin(windows, eq(windows.id, tickets.windowId))
      .where(
        and(
          eq(tickets.hallId, input.hallId),
          eq(tickets.serviceDate, today),
          isNotNull(tickets.calledAt),
          gte(tickets.calledAt, sql`now() - interval '12 hours'`),
        ),
      )
      .orderBy(desc(tickets.calledAt))
      .limit(8),
    db
      .execute(sql`select coalesce(max(id), 0)::bigint as id from queue_events where hall_id = ${input.hallId}`)
      .then((r) => rowsOf<{ id: string | number }>(r)),
    db.select({ notice: halls.displayNotice }).from(halls).where(eq(halls.id, input.hallId)),
  ]);
  const numbers = new Map<number, string[]>();
  for (const row of waitingRows) {
    const list = numbers.get(row.queueId) ?? [];
    list.push(row.number);
    numbers.set(row.queueId, list);
  }
  const waiting = await Promise.all(
    queueRows.map(async (q) => {
      const queued = numbers.get(q.id) ?? [];
      const perPlace = await minutesPerTicket(db, { queueId: q.id, today });
      return {
        queue: q.prefix,
        name: q.name,
        count: queued.length,
        estimatedMinutes: queued.length === 0 ? 0 : Math.ceil(queued.length * perPlace),
        numbers: queued,
        minutesPerTicket: perPlace,
      };
    }),
  );
  return {
    date: today,
    lastEventId: Number(last?.id ?? 0),
    calling: current.map((c) => ({
      ticket: c.ticket,
      window: c.window,
      calledAt: c.calledAt!.toISOString(),
      recall: c.recall,
    })),
    waiting,
    recent: recent.map((r) => ({ ticket: r.ticket, window: r.window, calledAt: r.calledAt!.toISOString() })),
    // The admin's notice for this hall, else the environment's default.
    notice: hall?.notice ?? env().QUEUE_NOTICE,
  };
}
