import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { villages } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

/** Whom the hall calls to arrange a village's visit day (404 for a village of another hall). */
export async function updateVillage(input: {
  actor: Actor;
  villageId: number;
  contactName: string | null;
  contactPhone: string | null;
}): Promise<{ id: number; name: string }> {
  const { actor } = input;
  assertRole(actor, "admin");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(villages)
      .set({ contactName: input.contactName, contactPhone: input.contactPhone })
      .where(and(eq(villages.id, input.villageId), eq(villages.hallId, actor.hallId)))
      .returning({ id: villages.id, name: villages.name });
    if (!row) throw new AppError("not_found", "本中心没有这个村");
    await recordAudit(tx, {
      hallId: actor.hallId,
      actorId: actor.id,
      actorName: actor.username,
      action: "village.update",
      objectType: "village",
      objectId: row.id,
      result: "ok",
      detail: { name: row.name, contactName: input.contactName },
    });
    return row;
  });
}
