import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { uniqueViolation } from "@/db/errors";
import { queues } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { publishHallChange } from "@/lib/queue/events";

export interface QueueView {
  id: number;
  prefix: string;
  name: string;
  dailyCap: number;
}

/** A new queue (ticket prefix) in the admin's own hall, placed after the existing ones at the kiosk. */
export async function createQueue(input: {
  actor: Actor;
  prefix: string;
  name: string;
  dailyCap: number;
}): Promise<QueueView> {
  const { actor } = input;
  assertRole(actor, "admin");
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(queues)
        .values({
          hallId: actor.hallId,
          prefix: input.prefix,
          name: input.name,
          dailyCap: input.dailyCap,
          sortOrder: sql`(select coalesce(max(${queues.sortOrder}), 0) + 1 from ${queues} where ${eq(queues.hallId, actor.hallId)})`,
        })
        .returning({ id: queues.id, prefix: queues.prefix, name: queues.name, dailyCap: queues.dailyCap });
      await recordAudit(tx, {
        hallId: actor.hallId,
        actorId: actor.id,
        actorName: actor.username,
        action: "queue.create",
        objectType: "queue",
        objectId: row.id,
        result: "ok",
        detail: { prefix: row.prefix, name: row.name, dailyCap: row.dailyCap },
      });
      // The kiosks show the new queue at once, as for an edit.
      await publishHallChange(tx, { hallId: actor.hallId, actorId: actor.id, note: `queue ${row.prefix}` });
      return row;
    });
  } catch (error) {
    if (uniqueViolation(error) === "queues_hall_prefix_uq")
      throw new AppError("conflict", `队列字头 ${input.prefix} 已被使用`, { prefix: "该字头已被使用" });
    throw error;
  }
}
