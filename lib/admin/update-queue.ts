import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { queues, serviceItems } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { publishHallChange } from "@/lib/queue/events";

/**
 * A queue of the admin's own hall (404 outside it): its name, its daily cap and, when given, the
 * items (by code) whose tickets it takes — those items move to it from their old queue. The
 * kiosks and TVs are told in the same transaction.
 */
export async function updateQueue(input: {
  actor: Actor;
  queueId: number;
  name: string;
  dailyCap: number;
  items?: string[];
}): Promise<{ id: number; prefix: string; name: string; dailyCap: number; items: number }> {
  const { actor } = input;
  assertRole(actor, "admin");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(queues)
      .set({ name: input.name, dailyCap: input.dailyCap })
      .where(and(eq(queues.id, input.queueId), eq(queues.hallId, actor.hallId)))
      .returning({ id: queues.id, prefix: queues.prefix, name: queues.name, dailyCap: queues.dailyCap });
    if (!row) throw new AppError("not_found", "本中心没有这个队列");
    let moved = 0;
    if (input.items && input.items.length > 0) {
      const found = await tx
        .update(serviceItems)
        .set({ queueId: row.id })
        .where(and(eq(serviceItems.hallId, actor.hallId), inArray(serviceItems.code, input.items)))
        .returning({ code: serviceItems.code });
      const missing = input.items.filter((code) => !found.some((f) => f.code === code));
      if (missing.length)
        throw new AppError("invalid_input", undefined, { items: `没有这些事项编码：${missing.join("、")}` });
      moved = found.length;
    }
    await recordAudit(tx, {
      hallId: actor.hallId,
      actorId: actor.id,
      actorName: actor.username,
      action: "queue.update",
      objectType: "queue",
      objectId: row.id,
      result: "ok",
      detail: { prefix: row.prefix, name: row.name, dailyCap: row.dailyCap, items: input.items ?? [] },
    });
    await publishHallChange(tx, { hallId: actor.hallId, actorId: actor.id, note: `queue ${row.prefix}` });
    return { ...row, items: moved };
  });
}
