import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { windows } from "@/db/schema";
import { hallQueuesByPrefix, setWindowQueues } from "@/lib/admin/window-queues";
import { recordAudit } from "@/lib/audit";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { publishHallChange } from "@/lib/queue/events";
import { shanghaiDate } from "@/lib/time";

export interface WindowSettingsView {
  id: number;
  number: number;
  name: string;
  queues: string[];
  isOpenToday: boolean;
}

/**
 * A window of the admin's own hall (404 outside it): its name, the queues it calls (by prefix, of
 * that hall) and whether it is open today. The kiosks and TVs are told in the same transaction.
 */
export async function updateWindow(input: {
  actor: Actor;
  windowId: number;
  name: string;
  queues: string[];
  isOpenToday: boolean;
}): Promise<WindowSettingsView> {
  const { actor } = input;
  assertRole(actor, "admin");
  const today = shanghaiDate();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(windows)
      .set({ name: input.name, closedOn: input.isOpenToday ? null : today })
      .where(and(eq(windows.id, input.windowId), eq(windows.hallId, actor.hallId)))
      .returning({ id: windows.id, number: windows.number, name: windows.name });
    if (!row) throw new AppError("not_found", "本中心没有这个窗口");
    const called = await hallQueuesByPrefix(tx, { hallId: actor.hallId, prefixes: input.queues });
    const prefixes = await setWindowQueues(tx, { windowId: row.id, queues: called });
    await recordAudit(tx, {
      hallId: actor.hallId,
      actorId: actor.id,
      actorName: actor.username,
      action: "window.update",
      objectType: "window",
      objectId: row.id,
      result: "ok",
      detail: { number: row.number, name: row.name, queues: prefixes, isOpenToday: input.isOpenToday },
    });
    await publishHallChange(tx, { hallId: actor.hallId, actorId: actor.id, note: `window ${row.number}` });
    return { ...row, queues: prefixes, isOpenToday: input.isOpenToday };
  });
}
