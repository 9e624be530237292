import "server-only";
import { and, asc, count, desc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { queues, serviceItems } from "@/db/schema";

export interface QueueCategories {
  prefix: string;
  name: string;
  /** The categories of the active items mapped to this queue, the most items first. */
  categories: string[];
}

/**
 * What kinds of items each of a hall's queues takes, from the catalogue itself (an item's queue
 * and category), so that the kiosk tells a villager which button is theirs. Public information:
 * only the hall scopes it.
 */
export async function listQueueCategories(input: { hallId: number }): Promise<QueueCategories[]> {
  const db = await getDb();
  const rows = await db
    .select({
      prefix: queues.prefix,
      name: queues.name,
      category: serviceItems.category,
      items: count(serviceItems.id),
    })
    .from(queues)
    .leftJoin(serviceItems, and(eq(serviceItems.queueId, queues.id), eq(serviceItems.isActive, true)))
    .where(eq(queues.hallId, input.hallId))
    .groupBy(queues.id, queues.prefix, queues.name, queues.sortOrder, serviceItems.category)
    .orderBy(asc(queues.sortOrder), asc(queues.prefix), desc(count(serviceItems.id)), asc(serviceItems.category));
  const byPrefix = new Map<string, QueueCategories>();
  for (const row of rows) {
    const queue = byPrefix.get(row.prefix) ?? { prefix: row.prefix, name: row.name, categories: [] };
    if (row.category) queue.categories.push(row.category);
    byPrefix.set(row.prefix, queue);
  }
  return [...byPrefix.values()];
}
