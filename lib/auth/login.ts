import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/connection";
import { staffSessions, staffUsers } from "@/db/schema";
import { isDeviceRole, type Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit";
import { DUMMY_HASH, verifyPassword } from "@/lib/auth/password";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { consumeRateLimit } from "@/lib/rate-limit";

/** Who signed in: the same shape the data layer later reads as the acting user. */
export type SignedInStaff = Actor & { sessionVersion: number; sessionId: string };

/**
 * `locked`: too many wrong passwords for this name, whether or not it exists; `throttled`: too
 * many attempts from this address. Both say how many seconds to wait.
 */
export type LoginResult =
  | { ok: true; staff: SignedInStaff }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked" | "throttled"; retryAfter: number };

/** The first wait after LOGIN_MAX_FAILURES wrong passwords; each further one doubles it. */
const FIRST_WAIT_SECONDS = 60;

/**
 * Check a username and password from a client address. In this order, so that nothing slow or
 * written with an attacker's words happens past a limit:
 * 1. The address may try LOGIN_PER_MINUTE times a minute (a fixed window in rate_limits), any names.
 * 2. The attempt is reserved for the name in one statement (login_throttles, see db/schema.ts):
 *    while the name waits, nothing is reserved and no password is compared, so a parallel burst
 *    compares at most LOGIN_MAX_FAILURES passwords and a right one inside the wait fails too.
 *    Unknown and deactivated names are counted the same way and compared against a dummy hash,
 *    so their answers (and times) are those of a real account.
 * 3. Only then the password hash. A right password deletes the name's count; a wrong one leaves
 *    it, and from LOGIN_MAX_FAILURES on it has already set a wait (1 minute, doubling, at most
 *    LOGIN_LOCK_MINUTES), which an admin can end (lib/admin/unlock-staff-sign-in.ts).
 * Audit: one line for every outcome of a name — `ok` (with the new session), or `denied` with the
 * reason `wrong_password`, `locked` (this attempt put the name into a wait, or came during one),
 * `inactive` (a deactivated account) or `unknown_user` (no name unless the account exists) — and
 * one for the first refusal of an address in a minute. The address limit bounds how many lines a
 * guesser can write.
 */
export async function authenticateStaff(input: {
  username: string;
  password: string;
  address: string;
  userAgent?: string;
}): Promise<LoginResult> {
  const db = await getDb();
  const { LOGIN_MAX_FAILURES: maxFailures, LOGIN_LOCK_MINUTES: lockMinutes, LOGIN_PER_MINUTE: perMinute } = env();
  const username = input.username.trim().toLowerCase();

  try {
    await consumeRateLimit({
      key: `login:${input.address}`,
      limit: perMinute,
      onFirstRefusal: () =>
        recordAudit(db, {
          hallId: null,
          actorId: null,
          actorName: "（未登录）",
          action: "login",
          objectType: "client_address",
          objectId: input.address.slice(0, 64),
          result: "denied",
          address: input.address,
          detail: { reason: "address_throttled", limitPerMinute: perMinute },
        }),
    });
  } catch (error) {
    if (isAppError(error) && error.code === "rate_limited")
      return { ok: false, reason: "throttled", retryAfter: error.retryAfter ?? 60 };
    throw error;
  }

  const capSeconds = lockMinutes * 60;
  const wait = (failures: ReturnType<typeof sql>) =>
    sql`case when ${failures} >= ${maxFailures}::int then now() + make_interval(secs => least(${FIRST_WAIT_SECONDS}::int * power(2, least(${failures} - ${maxFailures}::int, 20)), ${capSeconds}::int)) end`;
  const [reserved] = rowsOf<{ failures: number; retry: number | null }>(
    await db.execute(sql`
      insert into login_throttles as t (username, failures, blocked_until, updated_at)
      values (${username}, 1, ${wait(sql`1`)}, now())
      on conflict (username) do update set
        failures = t.failures + 1, blocked_until = ${wait(sql`t.failures + 1`)}, updated_at = now()
      where t.blocked_until is null or t.blocked_until <= now()
      returning t.failures, ceil(extract(epoch from t.blocked_until - now()))::int as retry`),
  );
  if (!reserved) {
    const [blocked] = rowsOf<{ retry: number | null }>(
      await db.execute(
        sql`select ceil(extract(epoch from blocked_until - now()))::int as retry from login_throttles where username = ${username}`,
      ),
    );
    const retryAfter = Math.max(1, blocked?.retry ?? 1);
    const [known] = await db
      .select({ id: staffUsers.id, hallId: staffUsers.hallId })
      .from(staffUsers)
      .where(eq(staffUsers.username, username));
    await deniedLogin({ known, username, address: input.address, reason: "locked", waitSeconds: retryAfter });
    return { ok: false, reason: "locked", retryAfter };
  }

  const [user] = await db.select().from(staffUsers).where(eq(staffUsers.username, username));
  const account = user?.isActive ? user : undefined;
  const isValid = await verifyPassword(input.password, account?.passwordHash ?? DUMMY_HASH);
  if (!account || !isValid) {
    const reason =
      reserved.retry !== null ? "locked" : !user ? "unknown_user" : !user.isActive ? "inactive" : "wrong_password";
    await deniedLogin({
      known: user,
      username,
      address: input.address,
      reason,
      failures: reserved.failures,
      ...(reserved.retry !== null ? { waitSeconds: reserved.retry } : {}),
    });
    if (reserved.retry === null) return { ok: false, reason: "invalid" };
    return { ok: false, reason: "locked", retryAfter: Math.max(1, reserved.retry) };
  }

  const deviceSeconds = env().DEVICE_SESSION_DAYS * 24 * 60 * 60;
  const idleSeconds = env().SESSION_IDLE_MINUTES * 60;
  const lifetime = isDeviceRole(account.role) ? deviceSeconds : idleSeconds;
  const sessionId = await db.transaction(async (tx) => {
    await tx.execute(sql`delete from login_throttles where username = ${username}`);
    await tx.update(staffUsers).set({ lastLoginAt: new Date() }).where(eq(staffUsers.id, account.id));
    const [session] = await tx
      .insert(staffSessions)
      .values({
        hallId: account.hallId,
        staffId: account.id,
        expiresAt: sql`now() + make_interval(secs => ${lifetime}::int)`,
        address: input.address.slice(0, 64),
        userAgent: input.userAgent?.slice(0, 200) ?? null,
      })
      .returning({ id: staffSessions.id });
    await recordAudit(tx, {
      hallId: account.hallId,
      actorId: account.id,
      actorName: account.username,
      action: "login",
      objectType: "staff_user",
      objectId: account.id,
      result: "ok",
      address: input.address,
    });
    return session.id;
  });
  return {
    ok: true,
    staff: {
      id: account.id,
      username: account.username,
      name: account.displayName,
      role: account.role,
      hallId: account.hallId,
      departmentId: account.departmentId,
      windowId: account.windowId,
      sessionVersion: account.sessionVersion,
      sessionId,
    },
  };
}

/** One audit line for a refused sign-in of a name; the name itself only if the account exists. */
async function deniedLogin(input: {
  known: { id: number; hallId: number } | undefined;
  username: string;
  address: string;
  reason: "wrong_password" | "locked" | "inactive" | "unknown_user";
  failures?: number;
  waitSeconds?: number;
}) {
  const db = await getDb();
  await recordAudit(db, {
    hallId: input.known?.hallId ?? null,
    actorId: null,
    actorName: input.known ? input.username : "（未知用户名）",
    action: "login",
    objectType: "staff_user",
    objectId: input.known?.id,
    result: "denied",
    address: input.address,
    detail: {
      reason: input.reason,
      ...(input.failures !== undefined ? { failures: input.failures } : {}),
      ...(input.waitSeconds !== undefined ? { waitSeconds: input.waitSeconds } : {}),
    },
  });
}
