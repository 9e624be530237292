import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/connection";
import { queues, windowQueues } from "@/db/schema";
import { AppError } from "@/lib/errors";

export interface HallQueue {
  id: number;
  prefix: string;
}

/** The hall's queues of these prefixes; 422 naming the prefixes the hall has no queue for. */
export async function hallQueuesByPrefix(tx: Tx, input: { hallId: number; prefixes: string[] }): Promise<HallQueue[]> {
  if (input.prefixes.length === 0) throw new AppError("invalid_input", undefined, { queues: "请至少选择一个队列" });
  const found = await tx
    .select({ id: queues.id, prefix: queues.prefix })
    .from(queues)
    .where(and(eq(queues.hallId, input.hallId), inArray(queues.prefix, input.prefixes)));
  const missing = input.prefixes.filter((p) => !found.some((q) => q.prefix === p));
  if (missing.length) throw new AppError("invalid_input", undefined, { queues: `没有这些队列：${missing.join("、")}` });
  return found;
}

/** Inside the caller's transaction: the window calls exactly these queues. Answers their prefixes in order. */
export async function setWindowQueues(tx: Tx, input: { windowId: number; queues: HallQueue[] }): Promise<string[]> {
  await tx.delete(windowQueues).where(eq(windowQueues.windowId, input.windowId));
  await tx.insert(windowQueues).values(input.queues.map((q) => ({ windowId: input.windowId, queueId: q.id })));
  return input.queues.map((q) => q.prefix).sort();
}
