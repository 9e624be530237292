import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, departments, halls, queues, staffUsers, windowQueues } from "@/db/schema";
import { createQueue } from "@/lib/admin/create-queue";
import { createStaffAccount } from "@/lib/admin/create-staff-account";
import { createWindow } from "@/lib/admin/create-window";
import { deactivateStaffAccount } from "@/lib/admin/deactivate-staff-account";
import { createQueueBody, createStaffBody, createWindowBody } from "@/lib/admin/schemas";
import type { Actor } from "@/lib/auth/actor";
import { authenticateStaff } from "@/lib/auth/login";
import { verifyPassword } from "@/lib/auth/password";
import { actorForSession } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { actorFor, createStaff, testHallId, unique, uniqueCasePrefix } from "../support/fixtures";
import { expectCode } from "../support/errors";
import { lastAuditBy as lastAudit } from "../support/fixtures";

// The admin operations the e2e fixture builds each spec's window, queue and accounts with.
// Queue prefixes are one letter and window numbers 1–99: each test takes a free one by trying.

let admin: Actor;
const NON_ADMINS = ["clerk", "backoffice", "manager", "district", "kiosk", "display"] as const;

beforeAll(async () => {
  admin = await actorFor("admin");
});

/** Any role, back office with a department (the database requires one). */
async function actorOf(role: (typeof NON_ADMINS)[number]): Promise<Actor> {
  if (role !== "backoffice") return actorFor(role);
  const db = await getDb();
  const [department] = await db.select({ id: departments.id }).from(departments).limit(1);
  const staff = await createStaff({ role, departmentId: department.id });
  return {
    id: staff.id,
    username: staff.username,
    name: "测试",
    role,
    hallId: await testHallId(),
    departmentId: department.id,
    windowId: null,
  };
}

/** A queue on a prefix no other test holds: a taken prefix is a conflict, so the next letter is tried. */
async function freeQueue(actor: Actor = admin) {
  for (const prefix of "ZYXWVUTSRQPONMLKJIHGFED") {
    try {
      return await createQueue({ actor, prefix, name: "测试队列", dailyCap: 50 });
    } catch (error) {
      if (error instanceof AppError && error.code === "conflict") continue;
      throw error;
    }
  }
  throw new Error("no free queue prefix");
}

async function freeWindow(queuePrefixes: string[], actor: Actor = admin) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const number = 10 + Math.floor(Math.random() * 90);
    try {
      return await createWindow({ actor, number, name: `${number}号窗口 测试`, queues: queuePrefixes });
    } catch (error) {
      if (error instanceof AppError && error.code === "conflict") continue;
      throw error;
    }
  }
  throw new Error("no free window number");
}

describe("createQueue", () => {
  it("creates a queue in the admin's hall and audits it in the same transaction", async () => {
    const queue = await freeQueue();
    expect(queue).toMatchObject({ name: "测试队列", dailyCap: 50 });
    expect(queue.prefix).toMatch(/^[D-Z]$/);
    const db = await getDb();
    const [row] = await db.select().from(queues).where(eq(queues.id, queue.id));
    expect(row.hallId).toBe(admin.hallId);
    expect(await lastAudit(admin)).toMatchObject({
      action: "queue.create",
      objectType: "queue",
      objectId: String(queue.id),
      result: "ok",
      hallId: admin.hallId,
    });
  });

  it("refuses a prefix the hall already uses with a 409 naming the field", async () => {
    const error = await expectCode(createQueue({ actor: admin, prefix: "A", name: "重复", dailyCap: 10 }), "conflict");
    expect(error.fields).toHaveProperty("prefix");
    expect(error.status).toBe(409);
  });

  it.each(NON_ADMINS)("refuses a %s, and writes nothing", async (role) => {
    const actor = await actorOf(role);
    await expectCode(createQueue({ actor, prefix: "Q", name: "越权", dailyCap: 10 }), "forbidden");
    expect(await lastAudit(actor)).toBeUndefined();
  });

  it("validates the body with Chinese messages", () => {
    const result = createQueueBody.safeParse({ prefix: "AB", name: "", dailyCap: 1000 });
    expect(result.success).toBe(false);
    const fields = result.error!.issues.map((i) => i.path.join("."));
    expect(fields).toEqual(expect.arrayContaining(["prefix", "name", "dailyCap"]));
    expect(createQueueBody.parse({ prefix: "K", name: "测试" })).toEqual({ prefix: "K", name: "测试", dailyCap: 300 });
  });
});

describe("createWindow", () => {
  it("creates a window calling the given queues, audited", async () => {
    const queue = await freeQueue();
    const window = await freeWindow([queue.prefix, "A"]);
    expect(window.queues).toEqual(["A", queue.prefix].sort());
    const db = await getDb();
    const links = await db.select().from(windowQueues).where(eq(windowQueues.windowId, window.id));
    expect(links).toHaveLength(2);
    expect(await lastAudit(admin)).toMatchObject({ action: "window.create", objectId: String(window.id) });
  });

  it("refuses a taken number (409) and a queue the hall does not have (422), writing nothing", async () => {
    const db = await getDb();
    const before = await db.select().from(auditLog).where(eq(auditLog.actorId, admin.id));
    await expectCode(createWindow({ actor: admin, number: 1, name: "重复", queues: ["A"] }), "conflict");
    const error = await expectCode(
      createWindow({ actor: admin, number: 99, name: "无队列", queues: ["A", "#"] }),
      "invalid_input",
    );
    expect(error.fields).toHaveProperty("queues");
    await expectCode(createWindow({ actor: admin, number: 96, name: "无队列", queues: [] }), "invalid_input");
    const after = await db.select().from(auditLog).where(eq(auditLog.actorId, admin.id));
    expect(after).toHaveLength(before.length);
  });

  it("does not see another hall's queues", async () => {
    const db = await getDb();
    const [other] = await db
      .insert(halls)
      .values({
        code: unique("h"),
        name: "另一个中心",
        address: "别处",
        phone: "0571-00000000",
        casePrefix: uniqueCasePrefix(),
      })
      .returning({ id: halls.id });
    const [otherQueue] = await db
      .insert(queues)
      .values({ hallId: other.id, prefix: "O", name: "外中心队列" })
      .returning({ prefix: queues.prefix });
    const mine = await db
      .select()
      .from(queues)
      .where(and(eq(queues.hallId, admin.hallId), eq(queues.prefix, otherQueue.prefix)));
    // Only meaningful while this hall has no queue O of its own.
    expect(mine).toHaveLength(0);
    await expectCode(createWindow({ actor: admin, number: 98, name: "跨中心", queues: ["O"] }), "invalid_input");
  });

  it.each(NON_ADMINS)("refuses a %s", async (role) => {
    const actor = await actorOf(role);
    await expectCode(createWindow({ actor, number: 97, name: "越权", queues: ["A"] }), "forbidden");
  });

  it("validates the body", () => {
    expect(createWindowBody.safeParse({ number: 0, name: "x", queues: [] }).success).toBe(false);
    expect(createWindowBody.safeParse({ number: 5, name: "x", queues: ["A", "A"] }).success).toBe(false);
    expect(createWindowBody.safeParse({ number: 5, name: "x", queues: ["A"] }).success).toBe(true);
  });
});

describe("createStaffAccount", () => {
  it("creates a clerk on a window of the hall who can sign in, with only the hash stored, audited", async () => {
    const queue = await freeQueue();
    const window = await freeWindow([queue.prefix]);
    const username = unique("c_");
    const account = await createStaffAccount({
      actor: admin,
      username,
      displayName: "新柜员",
      role: "clerk",
      windowId: window.id,
      password: "a-long-password-1",
    });
    expect(account).toEqual({
      id: expect.any(Number),
      username,
      displayName: "新柜员",
      role: "clerk",
      windowId: window.id,
      departmentId: null,
      location: null,
    });
    const db = await getDb();
    const [row] = await db.select().from(staffUsers).where(eq(staffUsers.id, account.id));
    expect(row.hallId).toBe(admin.hallId);
    expect(row.passwordHash).not.toContain("a-long-password-1");
    expect(await verifyPassword("a-long-password-1", row.passwordHash)).toBe(true);
    const signedIn = await authenticateStaff({ username, password: "a-long-password-1", address: "198.51.100.7" });
    expect(signedIn).toMatchObject({ ok: true, staff: { role: "clerk", windowId: window.id } });
    const audit = await lastAudit(admin);
    expect(audit).toMatchObject({ action: "staff.create", objectType: "staff_user", objectId: String(account.id) });
    expect(JSON.stringify(audit.detail)).not.toContain("a-long-password-1");
  });

  it("creates back office in a department by its code", async () => {
    const db = await getDb();
    const [department] = await db.select({ id: departments.id, code: departments.code }).from(departments).limit(1);
    const account = await createStaffAccount({
      actor: admin,
      username: unique("b_"),
      displayName: "后台",
      role: "backoffice",
      department: department.code,
      password: "a-long-password-2",
    });
    expect(account.departmentId).toBe(department.id);
  });

  it("refuses a taken username (409), a window of another hall and an unknown department (422)", async () => {
    const db = await getDb();
    const base = { actor: admin, displayName: "x", password: "a-long-password-3" };
    await expectCode(createStaffAccount({ ...base, username: admin.username, role: "manager" }), "conflict");
    const [other] = await db
      .insert(halls)
      .values({
        code: unique("h"),
        name: "再一个中心",
        address: "别处",
        phone: "0571-00000001",
        casePrefix: uniqueCasePrefix(),
      })
      .returning({ id: halls.id });
    const otherAdmin: Actor = { ...admin, hallId: other.id };
    const [otherQueue] = await db
      .insert(queues)
      .values({ hallId: other.id, prefix: "P", name: "外中心" })
      .returning({ prefix: queues.prefix });
    const otherWindow = await createWindow({
      actor: otherAdmin,
      number: 1,
      name: "外中心窗口",
      queues: [otherQueue.prefix],
    });
    const error = await expectCode(
      createStaffAccount({ ...base, username: unique("x_"), role: "clerk", windowId: otherWindow.id }),
      "invalid_input",
    );
    expect(error.fields).toHaveProperty("windowId");
    await expectCode(
      createStaffAccount({ ...base, username: unique("x_"), role: "backoffice", department: "NOPE" }),
      "invalid_input",
    );
    await expectCode(createStaffAccount({ ...base, username: unique("x_"), role: "clerk" }), "invalid_input");
  });

  it("refuses a district account: a town's admin cannot give anyone every town's figures", async () => {
    const error = await expectCode(
      createStaffAccount({
        actor: admin,
        username: unique("d_"),
        displayName: "区级",
        role: "district",
        password: "a-long-password-5",
      }),
      "invalid_input",
    );
    expect(error.fields).toHaveProperty("role");
    const body = { username: "ab", displayName: "x", password: "0123456789", role: "district" };
    expect(createStaffBody.safeParse(body).success).toBe(false);
  });

  it.each(NON_ADMINS)("refuses a %s", async (role) => {
    const actor = await actorOf(role);
    await expectCode(
      createStaffAccount({
        actor,
        username: unique("x_"),
        displayName: "越权",
        role: "admin",
        password: "a-long-password-4",
      }),
      "forbidden",
    );
  });

  it("validates the body: role-dependent window and department, password length", () => {
    const ok = { username: "ab", displayName: "x", password: "0123456789" };
    expect(createStaffBody.safeParse({ ...ok, role: "clerk" }).success).toBe(false);
    expect(createStaffBody.safeParse({ ...ok, role: "clerk", windowId: 1 }).success).toBe(true);
    expect(createStaffBody.safeParse({ ...ok, role: "backoffice" }).success).toBe(false);
    expect(createStaffBody.safeParse({ ...ok, role: "manager", windowId: 1 }).success).toBe(false);
    expect(createStaffBody.safeParse({ ...ok, role: "kiosk", password: "short" }).success).toBe(false);
    expect(createStaffBody.safeParse({ ...ok, role: "admin", username: "Bad Name" }).success).toBe(false);
  });
});

describe("deactivateStaffAccount", () => {
  it("refuses the account's sign-in and ends every session of it, for good", async () => {
    const staff = await createStaff({ role: "clerk" });
    const signedIn = await authenticateStaff({ ...staff, address: "198.51.100.8" });
    if (!signedIn.ok) throw new Error("sign-in failed");
    const session = { id: staff.id, sessionVersion: signedIn.staff.sessionVersion };
    expect(await actorForSession(session)).not.toBeNull();

    for (const role of NON_ADMINS)
      await expectCode(deactivateStaffAccount({ actor: await actorOf(role), staffId: staff.id }), "forbidden");
    expect(await deactivateStaffAccount({ actor: admin, staffId: staff.id })).toEqual({ id: staff.id });
    expect(await actorForSession(session)).toBeNull();
    expect(await authenticateStaff({ ...staff, address: "198.51.100.8" })).toEqual({ ok: false, reason: "invalid" });
    expect(await lastAudit(admin)).toMatchObject({ action: "staff.deactivate", objectId: String(staff.id) });

    // Made active again by hand, the account signs in afresh, but the old cookie stays refused.
    const db = await getDb();
    await db.update(staffUsers).set({ isActive: true }).where(eq(staffUsers.id, staff.id));
    expect(await actorForSession(session)).toBeNull();
  });

  it("refuses the admin's own account and one of another hall", async () => {
    await expectCode(deactivateStaffAccount({ actor: admin, staffId: admin.id }), "conflict");
    const db = await getDb();
    const [other] = await db
      .insert(halls)
      .values({
        code: unique("h"),
        name: "另一个中心",
        address: "某地",
        phone: "0571-00000000",
        casePrefix: uniqueCasePrefix(),
      })
      .returning({ id: halls.id });
    const stranger = await createStaff({ role: "clerk", hallId: other.id });
    await expectCode(deactivateStaffAccount({ actor: admin, staffId: stranger.id }), "not_found");
  });
});
