import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { staffUsers } from "@/db/schema";
import { hallAccounts } from "@/lib/admin/hall-accounts";
import { recordAudit } from "@/lib/audit";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

/**
 * Makes a deactivated account of the admin's hall usable again (a clerk back from leave). Its old
 * sessions stay ended: deactivating raised the session version, so it signs in afresh.
 * 409 when the account is active already.
 */
export async function reactivateStaffAccount(input: { actor: Actor; staffId: number }): Promise<{ id: number }> {
  const { actor } = input;
  assertRole(actor, "admin");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(staffUsers)
      .set({ isActive: true })
      .where(and(eq(staffUsers.id, input.staffId), hallAccounts(actor), eq(staffUsers.isActive, false)))
      .returning({ id: staffUsers.id, username: staffUsers.username, displayName: staffUsers.displayName });
    if (!row) {
      const [exists] = await tx
        .select({ id: staffUsers.id })
        .from(staffUsers)
        .where(and(eq(staffUsers.id, input.staffId), hallAccounts(actor)));
      if (!exists) throw new AppError("not_found", "没有这个账号");
      throw new AppError("conflict", "该账号没有停用");
    }
    await recordAudit(tx, {
      hallId: actor.hallId,
      actorId: actor.id,
      actorName: actor.username,
      action: "staff.reactivate",
      objectType: "staff_user",
      objectId: row.id,
      result: "ok",
      detail: { username: row.username, name: row.displayName },
    });
    return { id: row.id };
  });
}
