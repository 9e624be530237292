import "server-only";
import { getDb } from "@/db/client";
import { uniqueViolation } from "@/db/errors";
import { windows } from "@/db/schema";
import { hallQueuesByPrefix, setWindowQueues } from "@/lib/admin/window-queues";
import { recordAudit } from "@/lib/audit";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { publishHallChange } from "@/lib/queue/events";

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
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      // The queues first: a wrong prefix is the form's field error, whatever the number.
      const called = await hallQueuesByPrefix(tx, { hallId: actor.hallId, prefixes: input.queues });
      const [row] = await tx
        .insert(windows)
        .values({ hallId: actor.hallId, number: input.number, name: input.name })
        .returning({ id: windows.id, number: windows.number, name: windows.name });
      const prefixes = await setWindowQueues(tx, { windowId: row.id, queues: called });
      // The kiosks and TVs are told, as for an edit.
      await publishHallChange(tx, { hallId: actor.hallId, actorId: actor.id, note: `window ${row.number}` });
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
