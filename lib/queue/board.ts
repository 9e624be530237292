import "server-only";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { queues, tickets, windowQueues, windows } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/session";
import { shanghaiDate } from "@/lib/time";

export interface QueueBoard {
  date: string;
  queues: { prefix: string; name: string; waiting: number }[];
  calling: { ticket: string; window: number; calledAt: string }[];
}

/** Today's queue as the hall sees it: waiting per queue and the latest call of each window. */
export async function getQueueBoard(input: { hallId: number }): Promise<QueueBoard> {
  const db = await getDb();
  const today = shanghaiDate();
  const [queueRows, called] = await Promise.all([
    db
      .select({
        prefix: queues.prefix,
        name: queues.name,
        waiting: sql<number>`count(${tickets.id}) filter (where ${tickets.status} = 'waiting')::int`,
      })
      .from(queues)
      .leftJoin(tickets, and(eq(tickets.queueId, queues.id), eq(tickets.serviceDate, today)))
      .where(eq(queues.hallId, input.hallId))
      .groupBy(queues.id)
      .orderBy(asc(queues.sortOrder)),
    db
      .selectDistinctOn([tickets.windowId], { ticket: tickets.number, window: windows.number, calledAt: tickets.calledAt })
      .from(tickets)
      .innerJoin(windows, eq(windows.id, tickets.windowId))
      .where(and(eq(tickets.hallId, input.hallId), eq(tickets.serviceDate, today), inArray(tickets.status, ["called", "serving"])))
      .orderBy(tickets.windowId, desc(tickets.calledAt)),
  ]);
  return {
    date: today,
    queues: queueRows,
    calling: called.map((c) => ({ ticket: c.ticket, window: c.window, calledAt: c.calledAt?.toISOString() ?? "" })),
  };
}

/** The clerk's own window and the queues it serves. */
export async function getMyWindow(input: { actor: Actor }) {
  const { actor } = input;
  if (actor.role !== "clerk") throw new AppError("forbidden");
  if (!actor.windowId) throw new AppError("conflict", "您的账号还没有分配窗口，请联系管理员");
  const db = await getDb();
  const rows = await db
    .select({ number: windows.number, name: windows.name, prefix: queues.prefix, queueName: queues.name })
    .from(windows)
    .innerJoin(windowQueues, eq(windowQueues.windowId, windows.id))
    .innerJoin(queues, eq(queues.id, windowQueues.queueId))
    .where(and(eq(windows.id, actor.windowId), eq(windows.hallId, actor.hallId)))
    .orderBy(asc(queues.sortOrder));
  if (rows.length === 0) throw new AppError("not_found", "没有找到您的窗口");
  return { number: rows[0].number, name: rows[0].name, queues: rows.map((r) => ({ prefix: r.prefix, name: r.queueName })) };
}
