import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { staffUsers } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

/**
 * Deactivates an account of the admin's hall (a clerk who left, a retired device): it can no
 * longer sign in, and every session of it ends at once (the session version is raised too, so
 * reactivating the account later does not bring an old cookie back). An admin cannot deactivate
 * their own account.
 */
export async function deactivateStaffAccount(input: { actor: Actor; staffId: number }): Promise<{ id: number }> {
  const { actor } = input;
  assertRole(actor, "admin");
  if (input.staffId === actor.id) throw new AppError("conflict", "不能停用自己正在使用的账号");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(staffUsers)
      .set({ isActive: false, sessionVersion: sql`${staffUsers.sessionVersion} + 1` })
      .where(and(eq(staffUsers.id, input.staffId), eq(staffUsers.hallId, actor.hallId)))
      .returning({ id: staffUsers.id, username: staffUsers.username, role: staffUsers.role });
    if (!row) throw new AppError("not_found", "没有这个账号");
    await recordAudit(tx, {
      hallId: actor.hallId,
      actorId: actor.id,
      actorName: actor.username,
      action: "staff.deactivate",
      objectType: "staff_user",
      objectId: row.id,
      result: "ok",
      detail: { username: row.username, role: row.role },
    });
    return { id: row.id };
  });
}
