import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { loginThrottles, staffSessions, staffUsers } from "@/db/schema";
import { hallAccounts } from "@/lib/admin/hall-accounts";
import { recordAudit } from "@/lib/audit";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import { generateOneTimePassword } from "@/lib/auth/password-rules";
import { AppError } from "@/lib/errors";

/**
 * A forgotten password: the account of the admin's hall gets a one-time password, returned once
 * (only its hash is stored) for the admin to hand over. Until it is changed every page and API
 * refuses the account except the change-password page (must_change_password, migration 0008).
 * Every session of the account ends, and a sign-in wait is lifted, so the person can sign in at
 * once with the new password. An admin changes their own password on the change-password page.
 */
export async function resetStaffPassword(input: {
  actor: Actor;
  staffId: number;
}): Promise<{ id: number; username: string; oneTimePassword: string }> {
  const { actor } = input;
  assertRole(actor, "admin");
  if (input.staffId === actor.id) throw new AppError("conflict", "请在“修改密码”页修改自己的密码");
  const oneTimePassword = generateOneTimePassword();
  // Hashed before the transaction: bcrypt takes tens of milliseconds and holds no lock.
  const passwordHash = await hashPassword(oneTimePassword);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(staffUsers)
      .set({ passwordHash, mustChangePassword: true, sessionVersion: sql`${staffUsers.sessionVersion} + 1` })
      .where(and(eq(staffUsers.id, input.staffId), hallAccounts(actor)))
      .returning({ id: staffUsers.id, username: staffUsers.username, displayName: staffUsers.displayName });
    if (!row) throw new AppError("not_found", "没有这个账号");
    await tx
      .update(staffSessions)
      .set({ endedAt: sql`now()`, endReason: "password_reset" })
      .where(and(eq(staffSessions.staffId, row.id), isNull(staffSessions.endedAt)));
    await tx.delete(loginThrottles).where(eq(loginThrottles.username, row.username));
    await recordAudit(tx, {
      hallId: actor.hallId,
      actorId: actor.id,
      actorName: actor.username,
      action: "staff.reset_password",
      objectType: "staff_user",
      objectId: row.id,
      result: "ok",
      detail: { username: row.username, name: row.displayName },
    });
    return { id: row.id, username: row.username, oneTimePassword };
  });
}
