import "server-only";
import { and, asc, count, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { halls, queues, serviceItems, windowQueues, windows } from "@/db/schema";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { shanghaiDate } from "@/lib/time";

/** What /admin/windows shows: the hall's windows with their queues, the queues with their items, the TV notice. */
export async function getWindowSettings(input: { actor: Actor }) {
  const { actor } = input;
  assertRole(actor, "admin");
  const db = await getDb();
  const today = shanghaiDate();
  const [windowRows, links, queueRows, items, [hall]] = await Promise.all([
    db
      .select({ id: windows.id, number: windows.number, name: windows.name, closedOn: windows.closedOn })
      .from(windows)
      .where(and(eq(windows.hallId, actor.hallId), eq(windows.isActive, true)))
      .orderBy(asc(windows.number)),
    db
      .select({ windowId: windowQueues.windowId, prefix: queues.prefix })
      .from(windowQueues)
      .innerJoin(queues, eq(queues.id, windowQueues.queueId))
      .where(eq(queues.hallId, actor.hallId))
      .orderBy(asc(queues.sortOrder)),
    db
      .select({ id: queues.id, prefix: queues.prefix, name: queues.name, dailyCap: queues.dailyCap })
      .from(queues)
      .where(eq(queues.hallId, actor.hallId))
      .orderBy(asc(queues.sortOrder)),
    db
      .select({ queueId: serviceItems.queueId, n: count() })
      .from(serviceItems)
      .where(and(eq(serviceItems.hallId, actor.hallId), eq(serviceItems.isActive, true)))
      .groupBy(serviceItems.queueId),
    db.select({ notice: halls.displayNotice }).from(halls).where(eq(halls.id, actor.hallId)),
  ]);
  return {
    windows: windowRows.map((w) => ({
      id: w.id,
      number: w.number,
      name: w.name,
      isOpenToday: w.closedOn !== today,
      queues: links.filter((l) => l.windowId === w.id).map((l) => l.prefix),
    })),
    queues: queueRows.map((q) => ({ ...q, items: items.find((i) => i.queueId === q.id)?.n ?? 0 })),
    notice: hall?.notice ?? null,
    defaultNotice: env().QUEUE_NOTICE,
  };
}
