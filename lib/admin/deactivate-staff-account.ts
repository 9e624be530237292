import "server-only";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { endStaffSessions } from "@/lib/admin/end-staff-sessions";

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
  const { id } = await endStaffSessions({
    actor,
    staffId: input.staffId,
    deactivate: true,
    action: "staff.deactivate",
  });
  return { id };
}
