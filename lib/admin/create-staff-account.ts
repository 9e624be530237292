import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { uniqueViolation } from "@/db/errors";
import { departments, staffUsers, windows, type StaffRole } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import { DISTRICT_NOT_BY_HALL } from "@/lib/admin/schemas";
import { AppError } from "@/lib/errors";

export interface StaffAccountView {
  id: number;
  username: string;
  displayName: string;
  role: StaffRole;
  windowId: number | null;
  departmentId: number | null;
}

const WINDOW_ROLES: StaffRole[] = ["clerk", "kiosk", "display", "pad"];

/**
 * A staff or device account of the admin's own hall: a window (of that hall) for clerks and
 * devices, a department for back office. The password is stored only as its bcrypt hash.
 */
export async function createStaffAccount(input: {
  actor: Actor;
  username: string;
  displayName: string;
  role: StaffRole;
  windowId?: number;
  department?: string;
  password: string;
}): Promise<StaffAccountView> {
  const { actor } = input;
  assertRole(actor, "admin");
  if (input.role === "district") throw new AppError("invalid_input", undefined, { role: DISTRICT_NOT_BY_HALL });
  if (input.role === "clerk" && input.windowId === undefined)
    throw new AppError("invalid_input", undefined, { windowId: "窗口工作人员需要指定窗口" });
  if (input.windowId !== undefined && !WINDOW_ROLES.includes(input.role))
    throw new AppError("invalid_input", undefined, { windowId: "只有窗口工作人员和设备可以指定窗口" });
  if (input.role === "backoffice" && input.department === undefined)
    throw new AppError("invalid_input", undefined, { department: "后台科室人员需要指定部门" });
  if (input.department !== undefined && input.role !== "backoffice")
    throw new AppError("invalid_input", undefined, { department: "只有后台科室人员可以指定部门" });
  // Hashed before the transaction: bcrypt takes tens of milliseconds and holds no lock.
  const passwordHash = await hashPassword(input.password);
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      let windowId: number | null = null;
      if (input.windowId !== undefined) {
        const [row] = await tx
          .select({ id: windows.id })
          .from(windows)
          .where(and(eq(windows.id, input.windowId), eq(windows.hallId, actor.hallId)));
        if (!row) throw new AppError("invalid_input", undefined, { windowId: "本中心没有这个窗口" });
        windowId = row.id;
      }
      let departmentId: number | null = null;
      if (input.department !== undefined) {
        const [row] = await tx
          .select({ id: departments.id })
          .from(departments)
          .where(eq(departments.code, input.department));
        if (!row) throw new AppError("invalid_input", undefined, { department: "没有这个部门" });
        departmentId = row.id;
      }
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
        })
        .returning({
          id: staffUsers.id,
          username: staffUsers.username,
          displayName: staffUsers.displayName,
          role: staffUsers.role,
          windowId: staffUsers.windowId,
          departmentId: staffUsers.departmentId,
        });
      await recordAudit(tx, {
        hallId: actor.hallId,
        actorId: actor.id,
        actorName: actor.username,
        action: "staff.create",
        objectType: "staff_user",
        objectId: row.id,
        result: "ok",
        detail: { username: row.username, role: row.role, windowId, departmentId },
      });
      return row;
    });
  } catch (error) {
    if (uniqueViolation(error) === "staff_users_username_uq")
      throw new AppError("conflict", `用户名 ${input.username} 已被使用`, { username: "该用户名已被使用" });
    throw error;
  }
}
