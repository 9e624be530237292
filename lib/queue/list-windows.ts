import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { queues, windowQueues, windows } from "@/db/schema";

/** Windows with the queues they call, for the API and the transfer choice. */
export async function listWindows(input: { hallId: number }) {
  const db = await getDb();
  const rows = await db
    .select({ id: windows.id, number: windows.number, name: windows.name, prefix: queues.prefix })
    .from(windows)
    .leftJoin(windowQueues, eq(windowQueues.windowId, windows.id))
    .leftJoin(queues, eq(queues.id, windowQueues.queueId))
    .where(and(eq(windows.hallId, input.hallId), eq(windows.isActive, true)))
    .orderBy(asc(windows.number), asc(queues.sortOrder));
  const byId = new Map<number, { id: number; number: number; name: string; queues: string[] }>();
  for (const r of rows) {
    const w = byId.get(r.id) ?? { id: r.id, number: r.number, name: r.name, queues: [] };
    if (r.prefix) w.queues.push(r.prefix);
    byId.set(r.id, w);
  }
  return [...byId.values()];
}
