import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { departments, staffUsers, type StaffRole } from "@/db/schema";
import { hallAccounts } from "@/lib/admin/hall-accounts";
import { recordAudit } from "@/lib/audit";
import { assertRole, type Actor } from "@/lib/auth/actor";
import type { StaffAccountView } from "@/lib/admin/create-staff-account";
import { resolveStaffAssignment } from "@/lib/admin/staff-assignment";
import { AppError } from "@/lib/errors";

/**
 * Edits an account of the admin's own hall (404 outside it): name, role, window, department,
 * a device's place. What is not given stays; `null` clears it. The role's needs are checked on
 * the result (a clerk moved off every window is refused). An admin cannot change their own role,
 * so a hall never locks itself out of its console. The audit line carries what changed, before
 * and after. getActor reads the account afresh on every request, so a new window or role takes
 * effect at the account's next request.
 */
export async function updateStaffAccount(input: {
  actor: Actor;
  staffId: number;
  displayName?: string;
  role?: StaffRole;
  windowId?: number | null;
  department?: string | null;
  location?: string | null;
}): Promise<StaffAccountView> {
  const { actor } = input;
  assertRole(actor, "admin");
  if (input.staffId === actor.id && input.role !== undefined && input.role !== actor.role)
    throw new AppError("invalid_input", undefined, { role: "不能修改自己账号的角色" });
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({
        id: staffUsers.id,
        username: staffUsers.username,
        displayName: staffUsers.displayName,
        role: staffUsers.role,
        windowId: staffUsers.windowId,
        departmentId: staffUsers.departmentId,
        department: departments.code,
        location: staffUsers.location,
      })
      .from(staffUsers)
      .leftJoin(departments, eq(departments.id, staffUsers.departmentId))
      .where(and(eq(staffUsers.id, input.staffId), hallAccounts(actor)))
      .for("update", { of: staffUsers });
    if (!before) throw new AppError("not_found", "没有这个账号");
    const role = input.role ?? before.role;
    const { windowId, departmentId } = await resolveStaffAssignment(tx, actor, {
      role,
      windowId: input.windowId !== undefined ? input.windowId : before.windowId,
      department: input.department !== undefined ? input.department : before.department,
    });
    const displayName = input.displayName ?? before.displayName;
    const location = input.location !== undefined ? input.location || null : before.location;
    const [row] = await tx
      .update(staffUsers)
      .set({ displayName, role, windowId, departmentId, location })
      .where(eq(staffUsers.id, before.id))
      .returning({
        id: staffUsers.id,
        username: staffUsers.username,
        displayName: staffUsers.displayName,
        role: staffUsers.role,
        windowId: staffUsers.windowId,
        departmentId: staffUsers.departmentId,
        location: staffUsers.location,
      });
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of ["displayName", "role", "windowId", "departmentId", "location"] as const)
      if (before[key] !== row[key]) changes[key] = { from: before[key], to: row[key] };
    await recordAudit(tx, {
      hallId: actor.hallId,
      actorId: actor.id,
      actorName: actor.username,
      action: "staff.update",
      objectType: "staff_user",
      objectId: row.id,
      result: "ok",
      detail: { username: row.username, name: row.displayName, changes },
    });
    return row;
  });
}
