import { and, desc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, staffSessions, staffUsers, windows } from "@/db/schema";
import { createStaffAccount } from "@/lib/admin/create-staff-account";
import { deactivateStaffAccount } from "@/lib/admin/deactivate-staff-account";
import { endStaffSession } from "@/lib/admin/end-staff-session";
import { listStaffAccounts } from "@/lib/admin/list-staff-accounts";
import { listStaffSessions } from "@/lib/admin/list-staff-sessions";
import { reactivateStaffAccount } from "@/lib/admin/reactivate-staff-account";
import { resetStaffPassword } from "@/lib/admin/reset-staff-password";
import { revokeStaffSessions } from "@/lib/admin/revoke-staff-sessions";
import { unlockStaffSignIn } from "@/lib/admin/unlock-staff-sign-in";
import { updateStaffAccount } from "@/lib/admin/update-staff-account";
import { auditEntriesToCsv } from "@/lib/audit/audit-csv";
import { listAuditEntries } from "@/lib/audit/list-audit-entries";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { changeOwnPassword } from "@/lib/auth/change-password";
import { authenticateStaff } from "@/lib/auth/login";
import { pruneStaffSessions } from "@/lib/auth/prune-staff-sessions";
import { actorForSession } from "@/lib/auth/session";
import { signOutStaff } from "@/lib/auth/sign-out";
import { env } from "@/lib/env";
import { shanghaiDate } from "@/lib/time/zone";
import { staffActorIn, unique } from "../support/fixtures";
import { createHall } from "../support/queue-hall";
import { expectCode } from "../support/errors";

// Items 1 and 5 of the admin console: staff and device accounts, their sessions, the password
// rules, every sign-in outcome in the audit log, and the log itself. A hall of this file's own, so
// that the log's lines and the sessions listed are only this file's.

const PASSWORD = "Lantern-river-42";
let hallId: number;
let windowIds: number[];
let admin: Actor;
let otherAdmin: Actor;

beforeAll(async () => {
  ({ hallId } = await createHall());
  admin = await staffActorIn({ role: "admin", hallId });
  otherAdmin = await staffActorIn({ role: "admin", hallId: (await createHall()).hallId });
  const db = await getDb();
  const rows = await db
    .select({ id: windows.id, number: windows.number })
    .from(windows)
    .where(eq(windows.hallId, hallId))
    .orderBy(windows.number);
  windowIds = rows.map((w) => w.id);
});

let nextAddress = Math.floor(Math.random() * 200);
const newAddress = () => `198.51.100.${(nextAddress = (nextAddress + 1) % 250)}`;

/** The latest audit lines about one account, newest first. */
async function auditOf(staffId: number) {
  const db = await getDb();
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.objectType, "staff_user"), eq(auditLog.objectId, String(staffId))))
    .orderBy(desc(auditLog.id));
}

async function newClerk(overrides: { password?: string } = {}) {
  return createStaffAccount({
    actor: admin,
    username: unique("clerk."),
    displayName: unique("张"),
    role: "clerk",
    windowId: windowIds[1],
    password: overrides.password ?? PASSWORD,
  });
}

/** Signs in and returns the session a cookie would carry (id, version and the sign-in's row). */
async function signIn(username: string, password = PASSWORD) {
  const result = await authenticateStaff({ username, password, address: newAddress(), userAgent: "vitest" });
  if (!result.ok) throw new Error(`sign-in failed: ${JSON.stringify(result)}`);
  return { id: result.staff.id, sessionVersion: result.staff.sessionVersion, sessionId: result.staff.sessionId };
}

describe("password rules on creating an account", () => {
  it("refuses a short, a common and a username-containing password, with the field's Chinese reason", async () => {
    const username = unique("wang.");
    for (const [password, words] of [
      ["short-1", "至少 10 位"],
      ["password123", "常见密码"],
      ["Woaini1314", "常见密码"],
      [`${username}-2026`, "用户名"],
    ] as const) {
      const error = await expectCode(
        createStaffAccount({ actor: admin, username, displayName: "王", role: "manager", password }),
        "invalid_input",
      );
      expect(error.fields?.password).toContain(words);
    }
    const db = await getDb();
    expect(await db.select().from(staffUsers).where(eq(staffUsers.username, username))).toHaveLength(0);
  });
});

describe("creating an account without a password", () => {
  it("answers a one-time password once, which must be changed at the first sign-in", async () => {
    const created = await createStaffAccount({
      actor: admin,
      username: unique("new."),
      displayName: "新同事",
      role: "clerk",
      windowId: windowIds[1],
    });
    expect(created.oneTimePassword).toMatch(/^[A-Za-z2-9]{12}$/);
    const actor = await actorForSession(await signIn(created.username, created.oneTimePassword));
    expect(actor).toMatchObject({ id: created.id, mustChangePassword: true, windowId: windowIds[1] });
    const line = (await auditOf(created.id)).find((l) => l.action === "staff.create");
    expect(line).toMatchObject({ actorId: admin.id, detail: expect.objectContaining({ oneTimePassword: true }) });
    expect(JSON.stringify(line)).not.toContain(created.oneTimePassword);
  });
});

describe("updateStaffAccount", () => {
  it("moves a clerk to another window and renames them, audited with what changed", async () => {
    const clerk = await newClerk();
    const updated = await updateStaffAccount({
      actor: admin,
      staffId: clerk.id,
      displayName: "李四",
      windowId: windowIds[2],
    });
    expect(updated).toMatchObject({ id: clerk.id, displayName: "李四", role: "clerk", windowId: windowIds[2] });
    const [line] = await auditOf(clerk.id);
    expect(line).toMatchObject({ action: "staff.update", actorId: admin.id, result: "ok", hallId });
    expect(line.detail).toMatchObject({
      changes: {
        displayName: { from: clerk.displayName, to: "李四" },
        windowId: { from: windowIds[1], to: windowIds[2] },
      },
    });
  });

  it("checks the role's needs on the result, the hall, the role of the actor and the admin's own role", async () => {
    const clerk = await newClerk();
    const noWindow = await expectCode(
      updateStaffAccount({ actor: admin, staffId: clerk.id, windowId: null }),
      "invalid_input",
    );
    expect(noWindow.fields?.windowId).toBe("窗口工作人员需要指定窗口");
    const toBackOffice = await expectCode(
      updateStaffAccount({ actor: admin, staffId: clerk.id, role: "backoffice", windowId: null }),
      "invalid_input",
    );
    expect(toBackOffice.fields?.department).toBe("后台科室人员需要指定部门");
    await expectCode(updateStaffAccount({ actor: admin, staffId: clerk.id, role: "district" }), "invalid_input");
    await expectCode(updateStaffAccount({ actor: otherAdmin, staffId: clerk.id, displayName: "越权" }), "not_found");
    const manager = await staffActorIn({ role: "manager", hallId });
    await expectCode(updateStaffAccount({ actor: manager, staffId: clerk.id, displayName: "越权" }), "forbidden");
    await expectCode(updateStaffAccount({ actor: admin, staffId: admin.id, role: "clerk" }), "invalid_input");
    // Not a line was changed by any refusal.
    const [row] = await listStaffAccounts({ actor: admin, staffId: clerk.id });
    expect(row).toMatchObject({ name: clerk.displayName, role: "clerk", windowId: windowIds[1] });
  });
});

describe("resetStaffPassword", () => {
  it("gives a one-time password that must be changed first, ends the sessions and lifts a lock", async () => {
    const clerk = await newClerk();
    const before = await signIn(clerk.username);
    for (let i = 0; i < env().LOGIN_MAX_FAILURES; i++)
      await authenticateStaff({ username: clerk.username, password: `wrong-${i}`, address: newAddress() });

    const reset = await resetStaffPassword({ actor: admin, staffId: clerk.id });
    expect(reset.oneTimePassword).toMatch(/^[A-Za-z2-9]{12}$/);
    expect(await actorForSession(before)).toBeNull();
    expect((await authenticateStaff({ ...clerk, password: PASSWORD, address: newAddress() })).ok).toBe(false);

    const session = await signIn(clerk.username, reset.oneTimePassword);
    const actor = await actorForSession(session);
    expect(actor).toMatchObject({ id: clerk.id, mustChangePassword: true });
    let refusal: unknown;
    try {
      assertRole(actor, "clerk");
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ code: "password_change_required" });

    // The same rules as everywhere: a common password is refused, a good one clears the flag.
    const common = await expectCode(
      changeOwnPassword({ actor: actor!, currentPassword: reset.oneTimePassword, newPassword: "1qaz2wsx3edc" }),
      "invalid_input",
    );
    expect(common.fields?.newPassword).toContain("常见密码");
    await changeOwnPassword({ actor: actor!, currentPassword: reset.oneTimePassword, newPassword: "Quiet-harbour-77" });
    expect(await actorForSession(session)).toMatchObject({ id: clerk.id, mustChangePassword: false });

    const lines = await auditOf(clerk.id);
    expect(lines.find((l) => l.action === "staff.reset_password")).toMatchObject({ actorId: admin.id, result: "ok" });
    expect(JSON.stringify(lines)).not.toContain(reset.oneTimePassword);
  });

  it("refuses the admin's own account, another hall's and a non-admin", async () => {
    const clerk = await newClerk();
    await expectCode(resetStaffPassword({ actor: admin, staffId: admin.id }), "conflict");
    await expectCode(resetStaffPassword({ actor: otherAdmin, staffId: clerk.id }), "not_found");
    await expectCode(resetStaffPassword({ actor: { ...admin, role: "manager" }, staffId: clerk.id }), "forbidden");
    expect((await signIn(clerk.username)).id).toBe(clerk.id);
  });
});

describe("deactivating and reactivating an account", () => {
  it("refuses a request with the old session at once, and the old session stays refused after reactivation", async () => {
    const clerk = await newClerk();
    const session = await signIn(clerk.username);
    expect(await actorForSession(session)).toMatchObject({ id: clerk.id });

    await deactivateStaffAccount({ actor: admin, staffId: clerk.id });
    expect(await actorForSession(session)).toBeNull();
    expect(await listStaffSessions({ actor: admin, staffId: clerk.id })).toEqual([]);
    expect(await authenticateStaff({ ...clerk, password: PASSWORD, address: newAddress() })).toEqual({
      ok: false,
      reason: "invalid",
    });

    expect(await reactivateStaffAccount({ actor: admin, staffId: clerk.id })).toEqual({ id: clerk.id });
    expect(await actorForSession(session)).toBeNull();
    expect(await actorForSession(await signIn(clerk.username))).toMatchObject({ id: clerk.id });
    await expectCode(reactivateStaffAccount({ actor: admin, staffId: clerk.id }), "conflict");
    await expectCode(reactivateStaffAccount({ actor: otherAdmin, staffId: clerk.id }), "not_found");

    const actions = (await auditOf(clerk.id)).map((l) => l.action);
    expect(actions).toContain("staff.deactivate");
    expect(actions).toContain("staff.reactivate");
  });
});

describe("devices and their sessions", () => {
  it("registers a kiosk by name and place; ending one of its sessions refuses that one at once, not the other", async () => {
    const kiosk = await createStaffAccount({
      actor: admin,
      username: unique("kiosk."),
      displayName: "大厅取号机",
      role: "kiosk",
      location: "大厅入口",
      password: PASSWORD,
    });
    expect(kiosk).toMatchObject({ role: "kiosk", location: "大厅入口" });
    const first = await signIn(kiosk.username);
    const second = await signIn(kiosk.username);

    const open = await listStaffSessions({ actor: admin, kind: "devices" });
    expect(
      open
        .filter((s) => s.staffId === kiosk.id)
        .map((s) => s.id)
        .sort(),
    ).toEqual([first.sessionId, second.sessionId].sort());
    const [session] = open.filter((s) => s.id === first.sessionId);
    expect(session).toMatchObject({ location: "大厅入口", userAgent: "vitest" });
    // A device session lasts DEVICE_SESSION_DAYS, not the clerks' idle timeout.
    expect(session.expiresAt.getTime() - Date.now()).toBeGreaterThan((env().DEVICE_SESSION_DAYS - 1) * 86_400_000);
    expect(await listStaffSessions({ actor: admin, kind: "people" })).not.toContainEqual(
      expect.objectContaining({ staffId: kiosk.id }),
    );

    await expectCode(endStaffSession({ actor: otherAdmin, sessionId: first.sessionId }), "not_found");
    expect(await endStaffSession({ actor: admin, sessionId: first.sessionId })).toEqual({ id: first.sessionId });
    expect(await actorForSession(first)).toBeNull();
    expect(await actorForSession(second)).toMatchObject({ id: kiosk.id });
    await expectCode(endStaffSession({ actor: admin, sessionId: first.sessionId }), "not_found");
    await expectCode(endStaffSession({ actor: admin, sessionId: "not-a-uuid" }), "not_found");
    expect(await actorForSession({ ...second, sessionId: "not-a-uuid" })).toBeNull();

    // Revoking the device ends every session of it at once.
    await revokeStaffSessions({ actor: admin, staffId: kiosk.id });
    expect(await actorForSession(second)).toBeNull();
    expect(await listStaffSessions({ actor: admin, staffId: kiosk.id })).toEqual([]);

    const lines = await auditOf(kiosk.id);
    expect(lines.filter((l) => l.action === "staff.end_session")).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      action: "staff.revoke_sessions",
      detail: expect.objectContaining({ sessionsEnded: 1 }),
    });
  });

  it("ends a session once when two admins race to end it", async () => {
    const kiosk = await createStaffAccount({
      actor: admin,
      username: unique("pad."),
      displayName: "评价器",
      role: "pad",
      windowId: windowIds[0],
      password: PASSWORD,
    });
    const session = await signIn(kiosk.username);
    const secondAdmin = await staffActorIn({ role: "admin", hallId });
    const results = await Promise.allSettled(
      [admin, secondAdmin, admin, secondAdmin].map((actor) => endStaffSession({ actor, sessionId: session.sessionId })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "not_found" });
    expect((await auditOf(kiosk.id)).filter((l) => l.action === "staff.end_session")).toHaveLength(1);
  });

  it("forgets sign-ins ended or expired more than 30 days ago, and only those", async () => {
    const clerk = await newClerk();
    const old = await signIn(clerk.username);
    const current = await signIn(clerk.username);
    const db = await getDb();
    await db
      .update(staffSessions)
      .set({ endedAt: sql`now() - interval '31 days'` })
      .where(eq(staffSessions.id, old.sessionId));
    await pruneStaffSessions();
    const left = await db
      .select({ id: staffSessions.id })
      .from(staffSessions)
      .where(eq(staffSessions.staffId, clerk.id));
    expect(left).toEqual([{ id: current.sessionId }]);
  });

  it("signing out ends the sign-in's row too", async () => {
    const clerk = await newClerk();
    const session = await signIn(clerk.username);
    await signOutStaff({ staffId: clerk.id, sessionVersion: session.sessionVersion });
    expect(await listStaffSessions({ actor: admin, staffId: clerk.id })).toEqual([]);
  });
});

describe("every sign-in outcome writes one audit line, with the client's address", () => {
  it("ok, wrong password, locked and inactive", async () => {
    const clerk = await newClerk();
    const address = newAddress();
    const attempt = (password: string) => authenticateStaff({ username: clerk.username, password, address });
    const linesSince = async (mark: number) => {
      const db = await getDb();
      return db
        .select()
        .from(auditLog)
        .where(
          and(eq(auditLog.action, "login"), eq(auditLog.objectId, String(clerk.id)), sql`${auditLog.id} > ${mark}`),
        )
        .orderBy(auditLog.id);
    };
    const [{ mark }] = await (
      await getDb()
    )
      .select({ mark: sql<number>`coalesce(max(${auditLog.id}), 0)` })
      .from(auditLog);

    expect((await attempt(PASSWORD)).ok).toBe(true);
    expect(await attempt("wrong-password")).toEqual({ ok: false, reason: "invalid" });
    for (let i = 2; i <= env().LOGIN_MAX_FAILURES; i++) await attempt(`wrong-${i}`);
    expect(await attempt(PASSWORD)).toMatchObject({ ok: false, reason: "locked" });
    await unlockStaffSignIn({ actor: admin, staffId: clerk.id });
    await deactivateStaffAccount({ actor: admin, staffId: clerk.id });
    expect(await attempt(PASSWORD)).toEqual({ ok: false, reason: "invalid" });

    const lines = await linesSince(Number(mark));
    const max = env().LOGIN_MAX_FAILURES;
    expect(lines.map((l) => [l.result, (l.detail as { reason?: string } | null)?.reason ?? null])).toEqual([
      ["ok", null],
      ...Array.from({ length: max - 1 }, () => ["denied", "wrong_password"]),
      ["denied", "locked"],
      ["denied", "locked"],
      ["denied", "inactive"],
    ]);
    for (const line of lines) expect(line).toMatchObject({ clientAddress: address, hallId });
  });
});

describe("the audit log", () => {
  it("reads in Chinese terms: the object's human name, filters by person, action, object and date", async () => {
    const clerk = await newClerk();
    await updateStaffAccount({ actor: admin, staffId: clerk.id, windowId: windowIds[3] });
    await resetStaffPassword({ actor: admin, staffId: clerk.id });

    const all = await listAuditEntries({ actor: admin, filter: { object: clerk.displayName } });
    expect(all.map((e) => e.action)).toEqual(["staff.reset_password", "staff.update", "staff.create"]);
    expect(all[0]).toMatchObject({ objectType: "staff_user", objectName: clerk.displayName, result: "ok" });

    const today = shanghaiDate();
    const byAdmin = await listAuditEntries({
      actor: admin,
      filter: { actor: admin.username, action: "staff.update", objectType: "staff_user", from: today, to: today },
    });
    expect(byAdmin.map((e) => e.objectName)).toContain(clerk.displayName);
    expect(byAdmin.every((e) => e.action === "staff.update" && e.actorName === admin.username)).toBe(true);
    expect(await listAuditEntries({ actor: admin, filter: { object: clerk.displayName, to: "2020-01-01" } })).toEqual(
      [],
    );

    // Another hall's admin sees none of it; a manager may not read the log.
    expect(await listAuditEntries({ actor: otherAdmin, filter: { object: clerk.displayName } })).toEqual([]);
    await expectCode(listAuditEntries({ actor: { ...admin, role: "manager" } }), "forbidden");
    const backwards = await expectCode(
      listAuditEntries({ actor: admin, filter: { from: today, to: "2020-01-01" } }),
      "invalid_input",
    );
    expect(backwards.fields?.to).toBeTruthy();

    const csv = auditEntriesToCsv(all);
    expect(csv.startsWith("\uFEFF时间（北京时间）,操作人,用户名,操作,对象类型,对象,结果,说明,来源地址\r\n")).toBe(true);
    expect(csv).toContain(`重置密码,人员,${clerk.displayName},成功`);
  });

  it("is append-only: UPDATE, DELETE and TRUNCATE all fail", async () => {
    const db = await getDb();
    const [line] = await db.select({ id: auditLog.id }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    for (const statement of [
      sql`update audit_log set actor_name = 'x' where id = ${line.id}`,
      sql`delete from audit_log where id = ${line.id}`,
      sql`truncate audit_log`,
    ]) {
      const error = await db.execute(statement).then(
        () => null,
        (e: Error & { cause?: Error }) => e,
      );
      // drizzle wraps the database's error: the trigger's message is its cause.
      expect(error?.cause?.message ?? error?.message).toMatch(/append-only/);
    }
    expect(await db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.id, line.id))).toHaveLength(1);
  });
});

describe("the district's account is not a hall admin's to administer", () => {
  it("is not listed, and reset, edit, deactivate, reactivate, unlock and revoke answer 404", async () => {
    // The district's account sits in a hall's row (the demo's in the first hall's).
    const district = await staffActorIn({ role: "district", hallId });
    const listed = await listStaffAccounts({ actor: admin });
    expect(listed.map((a) => a.id)).not.toContain(district.id);
    const staffId = district.id;
    await expectCode(resetStaffPassword({ actor: admin, staffId }), "not_found");
    await expectCode(updateStaffAccount({ actor: admin, staffId, displayName: "改名" }), "not_found");
    await expectCode(deactivateStaffAccount({ actor: admin, staffId }), "not_found");
    await expectCode(reactivateStaffAccount({ actor: admin, staffId }), "not_found");
    await expectCode(unlockStaffSignIn({ actor: admin, staffId }), "not_found");
    await expectCode(revokeStaffSessions({ actor: admin, staffId }), "not_found");
    const db = await getDb();
    const [row] = await db
      .select({ isActive: staffUsers.isActive, mustChange: staffUsers.mustChangePassword })
      .from(staffUsers)
      .where(eq(staffUsers.id, staffId));
    expect(row).toEqual({ isActive: true, mustChange: false });
  });
});
