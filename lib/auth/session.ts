import "server-only";
import { and, eq } from "drizzle-orm";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { staffUsers, type StaffRole } from "@/db/schema";
import { authOptions } from "@/lib/auth/options";
import { assertRole, hasRole, type Actor } from "@/lib/auth/actor";

export type { Actor } from "@/lib/auth/actor";

export const ROLE_HOME: Record<StaffRole, string> = {
  admin: "/admin",
  manager: "/reports",
  district: "/district",
  clerk: "/window",
  backoffice: "/backoffice",
  kiosk: "/kiosk",
  display: "/display",
  pad: "/rate",
};

export const ROLE_LABEL: Record<StaffRole, string> = {
  admin: "系统管理员",
  manager: "中心负责人",
  district: "区级监管",
  clerk: "窗口工作人员",
  backoffice: "后台科室",
  kiosk: "取号机",
  display: "叫号屏",
  pad: "评价器",
};

/** Where every staff role changes its own password, and where a one-time password sends it. */
export const CHANGE_PASSWORD_PATH = "/account/password";

/**
 * The signed-in staff member, read fresh from the database on every request: a deactivated
 * account, a changed role or revoked sessions (a raised session version) take effect at once,
 * whatever the session cookie still says.
 */
export async function getActor(): Promise<Actor | null> {
  const session = await getServerSession(authOptions());
  return session?.user?.id ? actorForSession(session.user) : null;
}

/** The account behind a session's user, if it is active and its sessions were not revoked since. */
export async function actorForSession(user: { id: number; sessionVersion?: number }): Promise<Actor | null> {
  const db = await getDb();
  const [row] = await db
    .select({
      id: staffUsers.id,
      username: staffUsers.username,
      name: staffUsers.displayName,
      role: staffUsers.role,
      hallId: staffUsers.hallId,
      departmentId: staffUsers.departmentId,
      windowId: staffUsers.windowId,
      mustChangePassword: staffUsers.mustChangePassword,
    })
    .from(staffUsers)
    .where(
      and(
        eq(staffUsers.id, user.id),
        eq(staffUsers.isActive, true),
        eq(staffUsers.sessionVersion, user.sessionVersion ?? 0),
      ),
    );
  return row ?? null;
}

/** For route handlers and server actions: 401 without a session, 403 for another role. */
export async function requireRole(...roles: StaffRole[]): Promise<Actor> {
  const actor = await getActor();
  assertRole(actor, ...roles);
  return actor;
}

/** For pages: to the sign-in page without a session, to the refusal page for another role. */
export async function requirePageRole(roles: StaffRole[], path: string): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect(`/login?next=${encodeURIComponent(path)}`);
  if (actor.mustChangePassword) redirect(`${CHANGE_PASSWORD_PATH}?next=${encodeURIComponent(path)}`);
  if (!hasRole(actor, ...roles)) redirect(`/forbidden?from=${encodeURIComponent(path)}`);
  return actor;
}
