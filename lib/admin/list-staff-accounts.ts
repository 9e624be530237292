import "server-only";
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { departments, loginThrottles, staffSessions, staffUsers, windows, type StaffRole } from "@/db/schema";
import { hallAccounts } from "@/lib/admin/hall-accounts";
import { staffKindFilter, type StaffKind } from "@/lib/admin/staff-kind";
import { assertRole, type Actor } from "@/lib/auth/actor";

export interface StaffAccountRow {
  id: number;
  username: string;
  name: string;
  role: StaffRole;
  windowId: number | null;
  windowNumber: number | null;
  department: string | null;
  departmentCode: string | null;
  location: string | null;
  isActive: boolean;
  mustChangePassword: boolean;
  /** Wrong passwords since the last sign-in, and until when the next attempt must wait. */
  failedLogins: number;
  blockedUntil: Date | null;
  lastLoginAt: Date | null;
  openSessions: number;
}

/**
 * The accounts of the admin's hall — people or devices (`kind`), or one account (`staffId`) —
 * with what the staff and devices pages show: assignment, lock state and open sessions.
 */
export async function listStaffAccounts(input: {
  actor: Actor;
  kind?: StaffKind;
  staffId?: number;
}): Promise<StaffAccountRow[]> {
  const { actor } = input;
  assertRole(actor, "admin");
  const db = await getDb();
  return db
    .select({
      id: staffUsers.id,
      username: staffUsers.username,
      name: staffUsers.displayName,
      role: staffUsers.role,
      windowId: staffUsers.windowId,
      windowNumber: windows.number,
      department: departments.shortName,
      departmentCode: departments.code,
      location: staffUsers.location,
      isActive: staffUsers.isActive,
      mustChangePassword: staffUsers.mustChangePassword,
      failedLogins: sql<number>`coalesce(${loginThrottles.failures}, 0)::int`,
      blockedUntil: loginThrottles.blockedUntil,
      lastLoginAt: staffUsers.lastLoginAt,
      openSessions: sql<number>`(select count(*)::int from ${staffSessions} where ${and(
        eq(staffSessions.staffId, staffUsers.id),
        isNull(staffSessions.endedAt),
        gt(staffSessions.expiresAt, sql`now()`),
      )})`,
    })
    .from(staffUsers)
    .leftJoin(loginThrottles, eq(loginThrottles.username, staffUsers.username))
    .leftJoin(windows, eq(windows.id, staffUsers.windowId))
    .leftJoin(departments, eq(departments.id, staffUsers.departmentId))
    .where(
      and(
        hallAccounts(actor),
        input.staffId !== undefined ? eq(staffUsers.id, input.staffId) : undefined,
        staffKindFilter(input.kind),
      ),
    )
    .orderBy(asc(staffUsers.role), asc(staffUsers.username));
}
