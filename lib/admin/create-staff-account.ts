import "server-only";
import { getDb } from "@/db/client";
import { uniqueViolation } from "@/db/errors";
import { staffUsers, type StaffRole } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import { generateOneTimePassword, passwordProblem } from "@/lib/auth/password-rules";
import { resolveStaffAssignment } from "@/lib/admin/staff-assignment";
import { AppError } from "@/lib/errors";

export interface StaffAccountView {
  id: number;
  username: string;
  displayName: string;
  role: StaffRole;
  windowId: number | null;
  departmentId: number | null;
  location: string | null;
}

/**
 * A staff or device account of the admin's own hall: a window (of that hall) for clerks and
 * devices, a department for back office. The password is stored only as its bcrypt hash.
 * Without a password the account gets a one-time password, returned once, which the person must
 * change at the first sign-in (the console's way: the admin never knows a person's password).
 * With one (a device's, typed into the device by the admin; the API's scripts), it is checked
 * against the password rules.
 */
export async function createStaffAccount(input: {
  actor: Actor;
  username: string;
  displayName: string;
  role: StaffRole;
  windowId?: number;
  department?: string;
  /** Where a device stands (大厅入口). */
  location?: string;
  password?: string;
}): Promise<StaffAccountView & { oneTimePassword?: string }> {
  const { actor } = input;
  assertRole(actor, "admin");
  if (input.password !== undefined) {
    const problem = passwordProblem(input.password, input.username);
    if (problem) throw new AppError("invalid_input", undefined, { password: problem });
  }
  const oneTimePassword = input.password === undefined ? generateOneTimePassword() : undefined;
  // Hashed before the transaction: bcrypt takes tens of milliseconds and holds no lock.
  const passwordHash = await hashPassword(input.password ?? oneTimePassword!);
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const { windowId, departmentId } = await resolveStaffAssignment(tx, actor, {
        role: input.role,
        windowId: input.windowId ?? null,
        department: input.department ?? null,
      });
      const [row] = await tx
        .insert(staffUsers)
        .values({
          hallId: actor.hallId,
          username: input.username,
          displayName: input.displayName,
          passwordHash,
          role: input.role,
          windowId,
          departmentId,
          location: input.location || null,
          mustChangePassword: oneTimePassword !== undefined,
        })
        .returning({
          id: staffUsers.id,
          username: staffUsers.username,
          displayName: staffUsers.displayName,
          role: staffUsers.role,
          windowId: staffUsers.windowId,
          departmentId: staffUsers.departmentId,
          location: staffUsers.location,
        });
      await recordAudit(tx, {
        hallId: actor.hallId,
        actorId: actor.id,
        actorName: actor.username,
        action: "staff.create",
        objectType: "staff_user",
        objectId: row.id,
        result: "ok",
        detail: {
          username: row.username,
          name: row.displayName,
          role: row.role,
          windowId,
          departmentId,
          oneTimePassword: oneTimePassword !== undefined,
        },
      });
      return oneTimePassword === undefined ? row : { ...row, oneTimePassword };
    });
  } catch (error) {
    if (uniqueViolation(error) === "staff_users_username_uq")
      throw new AppError("conflict", `用户名 ${input.username} 已被使用`, { username: "该用户名已被使用" });
    throw error;
  }
}
