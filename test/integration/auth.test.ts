import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, staffUsers } from "@/db/schema";
import { authenticateStaff } from "@/lib/auth/login";
import { createStaff } from "../support/fixtures";

describe("staff sign-in", () => {
  it("signs in with the right password and carries role, hall, department and window", async () => {
    const staff = await createStaff({ role: "manager" });
    const result = await authenticateStaff({ username: staff.username, password: staff.password });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.staff).toMatchObject({ id: staff.id, role: "manager", windowId: null, departmentId: null });
      expect(result.staff).not.toHaveProperty("passwordHash");
    }
  });

  it("refuses an unknown user or a wrong password with the same answer", async () => {
    const staff = await createStaff({ role: "clerk" });
    expect(await authenticateStaff({ username: "nobody-here", password: "x" })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await authenticateStaff({ username: staff.username, password: "wrong" })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("locks the account after five wrong passwords, even for the right one, and unlocks after the lock", async () => {
    const staff = await createStaff({ role: "clerk" });
    for (let i = 1; i <= 4; i++)
      expect((await authenticateStaff({ username: staff.username, password: `wrong-${i}` })).ok).toBe(false);
    const fifth = await authenticateStaff({ username: staff.username, password: "wrong-5" });
    expect(fifth).toMatchObject({ ok: false, reason: "locked" });
    expect(await authenticateStaff({ username: staff.username, password: staff.password })).toMatchObject({
      ok: false,
      reason: "locked",
    });

    const db = await getDb();
    const [row] = await db
      .select({ lockedUntil: staffUsers.lockedUntil })
      .from(staffUsers)
      .where(eq(staffUsers.id, staff.id));
    const minutes = (row.lockedUntil!.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15.1);

    // Fifteen minutes later (moved back in the database rather than waited for).
    await db
      .update(staffUsers)
      .set({ lockedUntil: sql`now() - interval '1 second'` })
      .where(eq(staffUsers.id, staff.id));
    expect((await authenticateStaff({ username: staff.username, password: staff.password })).ok).toBe(true);

    const denied = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(and(eq(auditLog.objectId, String(staff.id)), eq(auditLog.result, "denied")));
    expect(denied[0].n).toBe(6);
  });

  it("locks the account when guesses arrive in parallel", async () => {
    const staff = await createStaff({ role: "admin" });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => authenticateStaff({ username: staff.username, password: `guess-${i}` })),
    );
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(results.some((r) => !r.ok && r.reason === "locked")).toBe(true);
    expect(await authenticateStaff({ username: staff.username, password: staff.password })).toMatchObject({
      ok: false,
      reason: "locked",
    });
  });

  it("refuses a deactivated account", async () => {
    const staff = await createStaff({ role: "clerk" });
    const db = await getDb();
    await db.update(staffUsers).set({ isActive: false }).where(eq(staffUsers.id, staff.id));
    expect(await authenticateStaff({ username: staff.username, password: staff.password })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });
});
