import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, loginThrottles, staffUsers } from "@/db/schema";
import { unlockStaffSignIn } from "@/lib/admin/unlock-staff-sign-in";
import { authenticateStaff, type LoginResult } from "@/lib/auth/login";
import { authOptions } from "@/lib/auth/options";
import { actorForSession } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { actorFor, createStaff, unique } from "../support/fixtures";

/** A client address of the test's own (TEST-NET-3), so that tests never share a throttle window. */
let nextAddress = Math.floor(Math.random() * 200);
function newAddress() {
  nextAddress = (nextAddress + 1) % 250;
  return `203.0.113.${nextAddress}-${unique("a")}`;
}

/** The seconds a refusal asks to wait, if it asks for a wait. */
function waitOf(result: LoginResult) {
  return !result.ok && result.reason !== "invalid" ? result.retryAfter : undefined;
}

/** What a result says to the person signing in, without the seconds (the clock moves on). */
function answer(result: LoginResult) {
  return result.ok ? "ok" : result.reason;
}

async function deniedAudit(objectId: number) {
  const db = await getDb();
  return db
    .select({ detail: auditLog.detail, actorName: auditLog.actorName })
    .from(auditLog)
    .where(and(eq(auditLog.objectId, String(objectId)), eq(auditLog.result, "denied")));
}

describe("staff sign-in", () => {
  it("signs in with the right password and carries role, hall, department and window", async () => {
    const staff = await createStaff({ role: "manager" });
    const result = await authenticateStaff({ ...staff, address: newAddress() });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.staff).toMatchObject({ id: staff.id, role: "manager", windowId: null, departmentId: null });
      expect(result.staff).not.toHaveProperty("passwordHash");
    }
  });

  it("refuses an unknown user or a wrong password with the same answer", async () => {
    const staff = await createStaff({ role: "clerk" });
    const address = newAddress();
    expect(await authenticateStaff({ username: "nobody-here", password: "x", address })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await authenticateStaff({ username: staff.username, password: "wrong", address })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("backs off after five wrong passwords, even against the right one, and lets it in once the wait is over", async () => {
    const staff = await createStaff({ role: "clerk" });
    const address = newAddress();
    for (let i = 1; i <= 4; i++)
      expect(await authenticateStaff({ username: staff.username, password: `wrong-${i}`, address })).toEqual({
        ok: false,
        reason: "invalid",
      });
    const fifth = await authenticateStaff({ username: staff.username, password: "wrong-5", address });
    expect(fifth).toMatchObject({ ok: false, reason: "locked" });
    expect(waitOf(fifth)).toBeGreaterThan(55);
    expect(waitOf(fifth)).toBeLessThanOrEqual(60);
    expect(await authenticateStaff({ ...staff, address })).toMatchObject({ ok: false, reason: "locked" });

    // The wait is over (moved back in the database rather than waited for).
    const db = await getDb();
    await db.execute(
      sql`update login_throttles set blocked_until = now() - interval '1 second' where username = ${staff.username}`,
    );
    // One more wrong password doubles the wait; no lock is for ever, but each failure waits longer.
    const sixth = await authenticateStaff({ username: staff.username, password: "wrong-6", address });
    expect(waitOf(sixth)).toBeGreaterThan(115);
    expect(waitOf(sixth)).toBeLessThanOrEqual(120);
    await db.execute(
      sql`update login_throttles set blocked_until = now() - interval '1 second' where username = ${staff.username}`,
    );
    expect((await authenticateStaff({ ...staff, address })).ok).toBe(true);
    // A right password starts the count afresh.
    for (let i = 1; i <= 4; i++)
      expect((await authenticateStaff({ username: staff.username, password: `w-${i}`, address })).ok).toBe(false);
    expect((await authenticateStaff({ ...staff, address })).ok).toBe(true);
  });

  it("never lets a parallel burst past the limit, not even with the right password inside it", async () => {
    const staff = await createStaff({ role: "admin" });
    const address = newAddress();
    const db = await getDb();
    const failures = async () =>
      (
        await db
          .select({ n: loginThrottles.failures })
          .from(loginThrottles)
          .where(eq(loginThrottles.username, staff.username))
      )[0]?.n ?? 0;
    // Eleven guesses at once; the right password joins the burst as soon as the guesses have used
    // up the name's five (requests of one burst reach the database in no fixed order, so "the
    // tenth of an array" could be among the first five and rightly get in).
    const guesses = Array.from({ length: 11 }, (_, i) =>
      authenticateStaff({ username: staff.username, password: `guess-${i}`, address }),
    );
    await expect.poll(failures, { timeout: 20_000, interval: 5 }).toBeGreaterThanOrEqual(env().LOGIN_MAX_FAILURES);
    const right = authenticateStaff({ username: staff.username, password: staff.password, address });
    const results = await Promise.all([...guesses, right]);
    expect(answer(results[11])).toBe("locked");
    expect(results.map(answer)).not.toContain("ok");
    expect(results.filter((r) => answer(r) === "invalid")).toHaveLength(env().LOGIN_MAX_FAILURES - 1);
    // The burst left the account waiting; the right password afterwards is refused too.
    expect(await authenticateStaff({ ...staff, address })).toMatchObject({ ok: false, reason: "locked" });
  });

  it("lets a right password inside the limit in, even when it races wrong ones", async () => {
    const staff = await createStaff({ role: "clerk" });
    const address = newAddress();
    const results = await Promise.all(
      Array.from({ length: 3 }, (_, i) =>
        authenticateStaff({ username: staff.username, password: i === 1 ? staff.password : `guess-${i}`, address }),
      ),
    );
    expect(results.map(answer).sort()).toEqual(["invalid", "invalid", "ok"]);
  });

  it("answers an unknown name exactly as a known one, lock-out included", async () => {
    const staff = await createStaff({ role: "clerk" });
    const unknown = unique("nobody_");
    const known: string[] = [];
    const invented: string[] = [];
    for (let i = 1; i <= 7; i++) {
      known.push(
        answer(await authenticateStaff({ username: staff.username, password: `x-${i}`, address: newAddress() })),
      );
      invented.push(answer(await authenticateStaff({ username: unknown, password: `x-${i}`, address: newAddress() })));
    }
    expect(known).toEqual(["invalid", "invalid", "invalid", "invalid", "locked", "locked", "locked"]);
    expect(invented).toEqual(known);
  });

  it("throttles one address before any password is compared, whatever names it tries", async () => {
    const address = newAddress();
    const limit = env().LOGIN_PER_MINUTE;
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: limit + 5 }, (_, i) =>
        authenticateStaff({ username: unique(`spray${i}_`), password: "x", address }),
      ),
    );
    expect(results.filter((r) => answer(r) === "throttled")).toHaveLength(5);
    const throttled = results.find((r) => !r.ok && r.reason === "throttled");
    expect(throttled && waitOf(throttled)).toBeGreaterThan(0);
    // Another address is not slowed by it.
    const staff = await createStaff({ role: "clerk" });
    expect((await authenticateStaff({ ...staff, address: newAddress() })).ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it("writes one audit line per refused attempt of a burst, and never an invented name", async () => {
    const staff = await createStaff({ role: "clerk" });
    const address = newAddress();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        authenticateStaff({ username: staff.username, password: `g-${i}`, address }),
      ),
    );
    // An address over its limit is refused before the name is looked at (one line per address).
    const named = results.filter((r) => answer(r) !== "throttled");
    const rows = await deniedAudit(staff.id);
    expect(rows).toHaveLength(named.length);
    const reasons = rows.map((r) => (r.detail as { reason: string }).reason);
    expect(reasons.filter((r) => r === "wrong_password")).toHaveLength(env().LOGIN_MAX_FAILURES - 1);
    expect(reasons.filter((r) => r === "locked")).toHaveLength(named.length - env().LOGIN_MAX_FAILURES + 1);
    expect(rows.filter((r) => (r.detail as { failures?: number }).failures === env().LOGIN_MAX_FAILURES)).toHaveLength(
      1,
    );

    const invented = unique("evil_name_");
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        authenticateStaff({ username: invented, password: `g-${i}`, address: newAddress() }),
      ),
    );
    const db = await getDb();
    const inventedLines = await db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(sql`${auditLog.actorName} like ${`%${invented}%`} or ${auditLog.detail}::text like ${`%${invented}%`}`);
    expect(inventedLines).toHaveLength(0);
  });

  it("lets an admin end the wait at once, audited", async () => {
    const staff = await createStaff({ role: "kiosk" });
    const admin = await actorFor("admin");
    const address = newAddress();
    for (let i = 1; i <= 5; i++) await authenticateStaff({ username: staff.username, password: `w-${i}`, address });
    expect(await authenticateStaff({ ...staff, address })).toMatchObject({ ok: false, reason: "locked" });

    await expect(unlockStaffSignIn({ actor: await actorFor("manager"), staffId: staff.id })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await unlockStaffSignIn({ actor: admin, staffId: staff.id })).toEqual({ id: staff.id });
    expect((await authenticateStaff({ ...staff, address })).ok).toBe(true);

    const db = await getDb();
    const audit = await db
      .select({ actorId: auditLog.actorId })
      .from(auditLog)
      .where(and(eq(auditLog.action, "staff.unlock_sign_in"), eq(auditLog.objectId, String(staff.id))));
    expect(audit).toEqual([{ actorId: admin.id }]);
  });

  it("refuses a deactivated account", async () => {
    const staff = await createStaff({ role: "clerk" });
    const db = await getDb();
    await db.update(staffUsers).set({ isActive: false }).where(eq(staffUsers.id, staff.id));
    expect(await authenticateStaff({ ...staff, address: newAddress() })).toEqual({ ok: false, reason: "invalid" });
  });

  it("signing out revokes every session of the account: the old cookie is refused", async () => {
    const staff = await createStaff({ role: "clerk" });
    const signIn = async () => {
      const result = await authenticateStaff({ ...staff, address: newAddress() });
      if (!result.ok) throw new Error("sign-in failed");
      return result.staff;
    };
    const signOut = (signedIn: Awaited<ReturnType<typeof signIn>>) =>
      authOptions().events!.signOut!({
        token: {
          staffId: signedIn.id,
          username: signedIn.username,
          role: signedIn.role,
          hallId: signedIn.hallId,
          departmentId: signedIn.departmentId,
          windowId: signedIn.windowId,
          sessionVersion: signedIn.sessionVersion,
        },
        session: null as never,
      });
    // The same account on two devices; one signs out.
    const here = await signIn();
    const elsewhere = await signIn();
    expect(await actorForSession(here)).not.toBeNull();
    await signOut(here);
    expect(await actorForSession(here)).toBeNull();
    expect(await actorForSession(elsewhere)).toBeNull();

    // A new sign-in works; replaying the old, already revoked token's sign-out does not end it.
    const again = await signIn();
    expect(await actorForSession(again)).not.toBeNull();
    await signOut(here);
    expect(await actorForSession(again)).not.toBeNull();
  });
});
