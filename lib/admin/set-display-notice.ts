import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { halls } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { publishHallChange } from "@/lib/queue/events";

/** The TV's scrolling notice of the admin's hall (empty: the default notice); on every TV at once. */
export async function setDisplayNotice(input: { actor: Actor; notice: string }): Promise<{ notice: string | null }> {
  const { actor } = input;
  assertRole(actor, "admin");
  const notice = input.notice.trim() === "" ? null : input.notice.trim();
  const db = await getDb();
  return db.transaction(async (tx) => {
    await tx.update(halls).set({ displayNotice: notice }).where(eq(halls.id, actor.hallId));
    await recordAudit(tx, {
      hallId: actor.hallId,
      actorId: actor.id,
      actorName: actor.username,
      action: "display.set_notice",
      objectType: "display_notice",
      objectId: actor.hallId,
      result: "ok",
      detail: { notice },
    });
    await publishHallChange(tx, { hallId: actor.hallId, actorId: actor.id, note: "notice" });
    return { notice };
  });
}
