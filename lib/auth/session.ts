import "server-only";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { staffSessions, staffUsers, type StaffRole } from "@/db/schema";
import { authOptions } from "@/lib/auth/options";
import { assertRole, hasRole, isDeviceRole, type Actor } from "@/lib/auth/actor";
import { env } from "@/lib/env";

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

/**
 * The account behind a session's user, if it is active, its sessions were not revoked since
 * (session version) and — for a token that names its sign-in — that sign-in was not ended by an
 * admin and has not expired. A staff session's expiry moves with its use, written at most once a
 * minute; a device's stays DEVICE_SESSION_DAYS from its sign-in.
 */
export async function actorForSession(user: {
  id: number;
  sessionVersion?: number;
  sessionId?: string;
}): Promise<Actor | null> {
  const db = await getDb();
  const sessionId = user.sessionId && /^[0-9a-f-]{36}$/i.test(user.sessionId) ? user.sessionId : undefined;
  if (user.sessionId && !sessionId) return null;
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
      isStale: sql<boolean>`${staffSessions.lastSeenAt} < now() - interval '1 minute'`,
    })
    .from(staffUsers)
    .leftJoin(
      staffSessions,
      and(
        eq(staffSessions.id, sessionId ?? "00000000-0000-0000-0000-000000000000"),
        eq(staffSessions.staffId, staffUsers.id),
        isNull(staffSessions.endedAt),
        gt(staffSessions.expiresAt, sql`now()`),
      ),
    )
    .where(
      and(
        eq(staffUsers.id, user.id),
        eq(staffUsers.isActive, true),
        eq(staffUsers.sessionVersion, user.sessionVersion ?? 0),
      ),
    );
  if (!row) return null;
  const { isStale, ...actor } = row;
  if (sessionId) {
    if (isStale === null) return null;
    if (isStale) {
      const idleSeconds = env().SESSION_IDLE_MINUTES * 60;
      await db
        .update(staffSessions)
        .set({
          lastSeenAt: sql`now()`,
          ...(isDeviceRole(actor.role)
            ? {}
            : {
                expiresAt: sql`greatest(${staffSessions.expiresAt}, now() + make_interval(secs => ${idleSeconds}::int))`,
              }),
        })
        .where(eq(staffSessions.id, sessionId));
    }
  }
  return actor;
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
