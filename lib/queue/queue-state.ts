import "server-only";
import { and, asc, desc, eq, gte, inArray, isNotNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/connection";
import { queues, tickets, windows } from "@/db/schema";
import { env } from "@/lib/env";
import type { QueueState } from "@/lib/queue/types";
import { estimate } from "@/lib/queue/wait-estimate";
import { shanghaiDate } from "@/lib/time";

/** The hall's live queue as everyone may see it: no names, no personal data. */
export async function getQueueState(input: { hallId: number }): Promise<QueueState> {
  const db = await getDb();
  const today = shanghaiDate();
  const [queueRows, current, recent, [last]] = await Promise.all([
    db
      .select({
        id: queues.id,
        prefix: queues.prefix,
        name: queues.name,
        count: sql<number>`count(${tickets.id}) filter (where ${tickets.status} = 'waiting')::int`,
      })
      .from(queues)
      .leftJoin(tickets, and(eq(tickets.queueId, queues.id), eq(tickets.serviceDate, today)))
      .where(eq(queues.hallId, input.hallId))
      .groupBy(queues.id)
      .orderBy(asc(queues.sortOrder)),
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
  ]);
  const waiting = await Promise.all(
    queueRows.map(async (q) => ({
      queue: q.prefix,
      name: q.name,
      count: q.count,
      estimatedMinutes: q.count === 0 ? 0 : await estimate(db, { queueId: q.id, today, ahead: q.count - 1 }),
    })),
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
    notice: env().QUEUE_NOTICE,
  };
}
