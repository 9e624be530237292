import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { staffUsers } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { passwordProblem } from "@/lib/auth/password-rules";
import { AppError } from "@/lib/errors";

export { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-rules";

/**
 * Any signed-in staff member or device changes its own password, giving the current one; this
 * also clears a one-time password's must-change flag. No role check: an account that must change
 * its password has to reach this, and only its own row is touched.
 */
export async function changeOwnPassword(input: {
  actor: Actor;
  currentPassword: string;
  newPassword: string;
}): Promise<void> {
  const { actor } = input;
  const problem = passwordProblem(input.newPassword, actor.username);
  if (problem) throw new AppError("invalid_input", undefined, { newPassword: problem });
  if (input.newPassword === input.currentPassword)
    throw new AppError("invalid_input", undefined, { newPassword: "新密码不能与当前密码相同" });
  const db = await getDb();
  const [row] = await db
    .select({ passwordHash: staffUsers.passwordHash })
    .from(staffUsers)
    .where(eq(staffUsers.id, actor.id));
  if (!row || !(await verifyPassword(input.currentPassword, row.passwordHash)))
    throw new AppError("invalid_input", undefined, { currentPassword: "当前密码不对" });
  // Hashed before the transaction: bcrypt takes tens of milliseconds and holds no lock.
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    // Only if the hash is still the one checked: two changes at once cannot both pass on one password.
    const changed = await tx
      .update(staffUsers)
      .set({ passwordHash, mustChangePassword: false })
      .where(and(eq(staffUsers.id, actor.id), eq(staffUsers.passwordHash, row.passwordHash)))
      .returning({ id: staffUsers.id });
    if (changed.length === 0) throw new AppError("conflict", "密码刚被修改过，请重新登录后再试");
    await recordAudit(tx, {
      hallId: actor.hallId,
      actorId: actor.id,
      actorName: actor.username,
      action: "staff.change_password",
      objectType: "staff_user",
      objectId: actor.id,
      result: "ok",
    });
  });
}
