import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { staffUsers } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit";
import { DUMMY_HASH, verifyPassword } from "@/lib/auth/password";
import { env } from "@/lib/env";

/** Who signed in: the same shape the data layer later reads as the acting user. */
export type SignedInStaff = Actor & { sessionVersion: number };

export type LoginResult =
  { ok: true; staff: SignedInStaff } | { ok: false; reason: "invalid" | "locked"; lockedUntil?: Date };

/**
 * Check a username and password. LOGIN_MAX_FAILURES wrong passwords (default 5) without a
 * successful sign-in between them lock the account for LOGIN_LOCK_MINUTES (default 15); the lock
 * restarts the count at zero. The count and the lock live in the row and change in one UPDATE
 * that adds to the stored count, so parallel failures are all counted and one of them sets the
 * lock. The lock is read before the password is compared, though: guesses already in flight when
 * it is set are still compared, and a right one among them signs in. A burst of parallel guesses
 * can therefore try more passwords than the limit (sign-in has no per-client rate limit today).
 */
export async function authenticateStaff(input: { username: string; password: string }): Promise<LoginResult> {
  const db = await getDb();
  const { LOGIN_MAX_FAILURES: maxFailures, LOGIN_LOCK_MINUTES: lockMinutes } = env();
  const username = input.username.trim().toLowerCase();
  const [user] = await db.select().from(staffUsers).where(eq(staffUsers.username, username));
  if (!user || !user.isActive) {
    await verifyPassword(input.password, DUMMY_HASH);
    await recordAudit(db, {
      hallId: user?.hallId ?? null,
      actorId: null,
      actorName: username.slice(0, 32),
      action: "login",
      objectType: "staff_user",
      objectId: user?.id,
      result: "denied",
      detail: { reason: user ? "inactive" : "unknown_user" },
    });
    return { ok: false, reason: "invalid" };
  }
  // Every refusal of a known account writes the same audit line, with its reason.
  const deny = (reason: string) =>
    recordAudit(db, {
      hallId: user.hallId,
      actorId: user.id,
      actorName: user.username,
      action: "login",
      objectType: "staff_user",
      objectId: user.id,
      result: "denied",
      detail: { reason },
    });
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    await deny("locked");
    return { ok: false, reason: "locked", lockedUntil: user.lockedUntil };
  }
  const isValid = await verifyPassword(input.password, user.passwordHash);
  if (!isValid) {
    const [after] = await db
      .update(staffUsers)
      .set({
        failedLogins: sql`case when ${staffUsers.failedLogins} + 1 >= ${maxFailures} then 0 else ${staffUsers.failedLogins} + 1 end`,
        lockedUntil: sql`case when ${staffUsers.failedLogins} + 1 >= ${maxFailures} then now() + make_interval(mins => ${lockMinutes}) else ${staffUsers.lockedUntil} end`,
      })
      .where(eq(staffUsers.id, user.id))
      .returning({ lockedUntil: staffUsers.lockedUntil });
    const isLocked = !!after?.lockedUntil && after.lockedUntil > new Date();
    await deny(isLocked ? "locked_now" : "wrong_password");
    return isLocked
      ? { ok: false, reason: "locked", lockedUntil: after.lockedUntil! }
      : { ok: false, reason: "invalid" };
  }
  await db
    .update(staffUsers)
    .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() })
    .where(eq(staffUsers.id, user.id));
  await recordAudit(db, {
    hallId: user.hallId,
    actorId: user.id,
    actorName: user.username,
    action: "login",
    objectType: "staff_user",
    objectId: user.id,
    result: "ok",
  });
  return {
    ok: true,
    staff: {
      id: user.id,
      username: user.username,
      name: user.displayName,
      role: user.role,
      hallId: user.hallId,
      departmentId: user.departmentId,
      windowId: user.windowId,
      sessionVersion: user.sessionVersion,
    },
  };
}
