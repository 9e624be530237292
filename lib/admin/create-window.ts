import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { uniqueViolation } from "@/db/errors";
import { queues, windowQueues, windows } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

export interface WindowView {
  id: number;
  number: number;
  name: string;
  queues: string[];
}

/** A new window of the admin's own hall, calling the given queues (by prefix) of that hall. */
export async function createWindow(input: {
  actor: Actor;
  number: number;
  name: string;
  queues: string[];
}): Promise<WindowView> {
  const { actor } = input;
  assertRole(actor, "admin");
  if (input.queues.length === 0) throw new AppError("invalid_input", undefined, { queues: "请至少选择一个队列" });
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const found = await tx
        .select({ id: queues.id, prefix: queues.prefix })
        .from(queues)
        .where(and(eq(queues.hallId, actor.hallId), inArray(queues.prefix, input.queues)));
      const missing = input.queues.filter((p) => !found.some((q) => q.prefix === p));
      if (missing.length)
        throw new AppError("invalid_input", undefined, { queues: `没有这些队列：${missing.join("、")}` });
      const [row] = await tx
        .insert(windows)
        .values({ hallId: actor.hallId, number: input.number, name: input.name })
        .returning({ id: windows.id, number: windows.number, name: windows.name });
      await tx.insert(windowQueues).values(found.map((q) => ({ windowId: row.id, queueId: q.id })));
      const prefixes = found.map((q) => q.prefix).sort();
      await recordAudit(tx, {
        hallId: actor.hallId,
        actorId: actor.id,
        actorName: actor.username,
        action: "window.create",
        objectType: "window",
        objectId: row.id,
        result: "ok",
        detail: { number: row.number, name: row.name, queues: prefixes },
      });
      return { ...row, queues: prefixes };
    });
  } catch (error) {
    if (uniqueViolation(error) === "windows_hall_number_uq")
      throw new AppError("conflict", `${input.number} 号窗口已存在`, { number: "该窗口号已被使用" });
    throw error;
  }
}
