import "server-only";
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/connection";
import { departments, windows, type StaffRole } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { DISTRICT_NOT_BY_HALL } from "@/lib/admin/schemas";
import { AppError } from "@/lib/errors";

/** Roles that sit at a window: a clerk works it, a device stands by it. */
export const WINDOW_ROLES: readonly StaffRole[] = ["clerk", "kiosk", "display", "pad"];

/**
 * What an account's role needs, checked before a write (creating or editing an account): a
 * window of the admin's own hall for a clerk and a rating pad, a department for back office, and
 * neither where the role has no use for it. Returns the ids to store.
 */
export async function resolveStaffAssignment(
  tx: Tx,
  actor: Actor,
  input: { role: StaffRole; windowId: number | null; department: string | null },
): Promise<{ windowId: number | null; departmentId: number | null }> {
  if (input.role === "district") throw new AppError("invalid_input", undefined, { role: DISTRICT_NOT_BY_HALL });
  if (input.role === "clerk" && input.windowId === null)
    throw new AppError("invalid_input", undefined, { windowId: "窗口工作人员需要指定窗口" });
  if (input.role === "pad" && input.windowId === null)
    throw new AppError("invalid_input", undefined, { windowId: "评价器需要指定所在窗口" });
  if (input.windowId !== null && !WINDOW_ROLES.includes(input.role))
    throw new AppError("invalid_input", undefined, { windowId: "只有窗口工作人员和设备可以指定窗口" });
  if (input.role === "backoffice" && input.department === null)
    throw new AppError("invalid_input", undefined, { department: "后台科室人员需要指定部门" });
  if (input.department !== null && input.role !== "backoffice")
    throw new AppError("invalid_input", undefined, { department: "只有后台科室人员可以指定部门" });
  let windowId: number | null = null;
  if (input.windowId !== null) {
    const [row] = await tx
      .select({ id: windows.id })
      .from(windows)
      .where(and(eq(windows.id, input.windowId), eq(windows.hallId, actor.hallId)));
    if (!row) throw new AppError("invalid_input", undefined, { windowId: "本中心没有这个窗口" });
    windowId = row.id;
  }
  let departmentId: number | null = null;
  if (input.department !== null) {
    const [row] = await tx
      .select({ id: departments.id })
      .from(departments)
      .where(eq(departments.code, input.department));
    if (!row) throw new AppError("invalid_input", undefined, { department: "没有这个部门" });
    departmentId = row.id;
  }
  return { windowId, departmentId };
}
