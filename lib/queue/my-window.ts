import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { queues, windowQueues, windows } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { assertRole, type Actor } from "@/lib/auth/actor";

/** The clerk's own window and the queues it serves. */
export async function getMyWindow(input: { actor: Actor }) {
  const { actor } = input;
  assertRole(actor, "clerk");
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
  return {
    number: rows[0].number,
    name: rows[0].name,
    queues: rows.map((r) => ({ prefix: r.prefix, name: r.queueName })),
  };
}
