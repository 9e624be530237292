import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/connection";
import { queues, windowQueues } from "@/db/schema";
import { AppError } from "@/lib/errors";

/**
 * Inside the caller's transaction: the window calls exactly these queues (by prefix, of the hall),
 * replacing what it called before. 422 naming the prefixes the hall has no queue for. Answers the
 * prefixes in order.
 */
export async function setWindowQueues(
  tx: Tx,
  input: { hallId: number; windowId: number; prefixes: string[] },
): Promise<string[]> {
  if (input.prefixes.length === 0) throw new AppError("invalid_input", undefined, { queues: "请至少选择一个队列" });
  const found = await tx
    .select({ id: queues.id, prefix: queues.prefix })
    .from(queues)
    .where(and(eq(queues.hallId, input.hallId), inArray(queues.prefix, input.prefixes)));
  const missing = input.prefixes.filter((p) => !found.some((q) => q.prefix === p));
  if (missing.length) throw new AppError("invalid_input", undefined, { queues: `没有这些队列：${missing.join("、")}` });
  await tx.delete(windowQueues).where(eq(windowQueues.windowId, input.windowId));
  await tx.insert(windowQueues).values(found.map((q) => ({ windowId: input.windowId, queueId: q.id })));
  return found.map((q) => q.prefix).sort();
}
