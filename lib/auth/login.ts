import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/connection";
import { staffUsers } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit";
import { DUMMY_HASH, verifyPassword } from "@/lib/auth/password";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { consumeRateLimit } from "@/lib/rate-limit";

/** Who signed in: the same shape the data layer later reads as the acting user. */
export type SignedInStaff = Actor & { sessionVersion: number };

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
 * Audit: a success, each wait a name is put into (one line for a burst, with the failure count,
 * and no name unless the account exists), and the first refusal of an address in a minute.
 */
export async function authenticateStaff(input: {
  username: string;
  password: string;
  address: string;
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
    return { ok: false, reason: "locked", retryAfter: Math.max(1, blocked?.retry ?? 1) };
  }

  const [user] = await db.select().from(staffUsers).where(eq(staffUsers.username, username));
  const account = user?.isActive ? user : undefined;
  const isValid = await verifyPassword(input.password, account?.passwordHash ?? DUMMY_HASH);
  if (!account || !isValid) {
    if (reserved.retry === null) return { ok: false, reason: "invalid" };
    await recordAudit(db, {
      hallId: user?.hallId ?? null,
      actorId: null,
      actorName: user?.username ?? "（未知用户名）",
      action: "login",
      objectType: "staff_user",
      objectId: user?.id,
      result: "denied",
      detail: { reason: "backoff", failures: reserved.failures, waitSeconds: reserved.retry, address: input.address },
    });
    return { ok: false, reason: "locked", retryAfter: Math.max(1, reserved.retry) };
  }

  await db.execute(sql`delete from login_throttles where username = ${username}`);
  await db.update(staffUsers).set({ lastLoginAt: new Date() }).where(eq(staffUsers.id, account.id));
  await recordAudit(db, {
    hallId: account.hallId,
    actorId: account.id,
    actorName: account.username,
    action: "login",
    objectType: "staff_user",
    objectId: account.id,
    result: "ok",
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
    },
  };
}
