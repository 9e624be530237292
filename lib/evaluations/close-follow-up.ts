import "server-only";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { evaluations } from "@/db/schema";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit";
import { AppError } from "@/lib/errors";

/** The manager closes a follow-up with the callback note and what was changed; once. */
export async function closeFollowUp(input: {
  actor: Actor;
  id: number;
  callbackNote: string;
  change: string;
  at?: Date;
}): Promise<void> {
  const { actor } = input;
  assertRole(actor, "manager", "admin");
  const callbackNote = input.callbackNote.trim();
  const change = input.change.trim();
  const fields: Record<string, string> = {};
  if (!callbackNote) fields.callbackNote = "请填写回访情况";
  if (!change) fields.change = "请填写整改措施";
  if (Object.keys(fields).length > 0) throw new AppError("invalid_input", undefined, fields);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const inScope = and(
      eq(evaluations.id, input.id),
      eq(evaluations.hallId, actor.hallId),
      isNotNull(evaluations.followUpDueDate),
    );
    const closed = await tx
      .update(evaluations)
      .set({ callbackAt: input.at ?? new Date(), callbackBy: actor.id, callbackNote, change })
      .where(and(inScope, isNull(evaluations.callbackAt)))
      .returning({ id: evaluations.id });
    if (closed.length === 0) {
      const [exists] = await tx.select({ id: evaluations.id }).from(evaluations).where(inScope);
      throw exists ? new AppError("follow_up_closed") : new AppError("not_found", "没有找到这条回访");
    }
    await recordAudit(tx, {
      hallId: actor.hallId,
      actorId: actor.id,
      actorName: actor.name,
      action: "follow_up.close",
      objectType: "evaluation",
      objectId: input.id,
      result: "ok",
    });
  });
}
