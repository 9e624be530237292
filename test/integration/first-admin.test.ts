import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { connectPglite, connectPostgres, type Database } from "@/db/connection";
import { prepareDatabase } from "@/db/prepare";
import { staffUsers } from "@/db/schema";
import { assertRole } from "@/lib/auth/actor";
import { changeOwnPassword } from "@/lib/auth/change-password";
import { verifyPassword } from "@/lib/auth/password";
import { actorForSession } from "@/lib/auth/session";
import { INITIAL_ADMIN_PASSWORD_FILE, seedDatabase } from "@/lib/demo";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createStaff } from "../support/fixtures";
import { createThrowawayDatabase } from "../support/postgres";

// A real install (no demo data): one admin whose one-time password is shown once — in a file
// only the server's user can read, never in the log — and must be changed at first sign-in.
const isPostgres = process.env.TEST_DB_KIND === "postgres";
const dataDir = mkdtempSync(path.join(tmpdir(), "yichuang-first-admin-"));
let fresh: Database | undefined;
let drop: (() => Promise<void>) | undefined;

afterAll(async () => {
  await fresh?.close();
  await drop?.();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the first start of a real install", () => {
  it("creates one admin whose password is in a 0600 file, not in the log, and must be changed", async () => {
    if (isPostgres) {
      const created = await createThrowawayDatabase("first_admin");
      drop = created.drop;
      fresh = connectPostgres(created.url, 3);
    } else fresh = await connectPglite(undefined);
    const logged: string[] = [];
    await prepareDatabase(fresh, {
      quiet: true,
      seed: (db, log) =>
        seedDatabase(db, {
          hallCode: env().HALL_CODE,
          demo: false,
          dataDir,
          log: (m) => {
            logged.push(m);
            log(m);
          },
        }),
    });
    const file = path.join(dataDir, INITIAL_ADMIN_PASSWORD_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const password = /^password: (\S+)$/m.exec(readFileSync(file, "utf8"))?.[1];
    expect(password).toMatch(/^\S{12,}$/);
    expect(logged.join("\n")).not.toContain(password);
    expect(logged.join("\n")).toContain(file);

    const admins = await fresh.db.select().from(staffUsers).where(eq(staffUsers.role, "admin"));
    expect(admins).toHaveLength(1);
    expect(admins[0].mustChangePassword).toBe(true);
    expect(await verifyPassword(password!, admins[0].passwordHash)).toBe(true);
  });
});

describe("an account that must change its password", () => {
  it("is refused everywhere until it changes it, then works", async () => {
    const staff = await createStaff({ role: "admin", password: "one-time-pass-1" });
    const db = await getDb();
    await db.update(staffUsers).set({ mustChangePassword: true }).where(eq(staffUsers.id, staff.id));

    const actor = await actorForSession({ id: staff.id });
    expect(actor?.mustChangePassword).toBe(true);
    expect(() => assertRole(actor, "admin")).toThrow(
      expect.objectContaining({ code: "password_change_required", status: 403 }) as AppError,
    );

    await expect(
      changeOwnPassword({ actor: actor!, currentPassword: "wrong-password", newPassword: "a-new-password-2" }),
    ).rejects.toMatchObject({ code: "invalid_input", fields: { currentPassword: expect.any(String) as string } });
    await expect(
      changeOwnPassword({ actor: actor!, currentPassword: "one-time-pass-1", newPassword: "short" }),
    ).rejects.toMatchObject({ code: "invalid_input", fields: { newPassword: expect.any(String) as string } });
    await expect(
      changeOwnPassword({ actor: actor!, currentPassword: "one-time-pass-1", newPassword: "one-time-pass-1" }),
    ).rejects.toMatchObject({ code: "invalid_input" });

    await changeOwnPassword({ actor: actor!, currentPassword: "one-time-pass-1", newPassword: "a-new-password-2" });
    const after = await actorForSession({ id: staff.id });
    expect(after?.mustChangePassword).toBe(false);
    expect(() => assertRole(after, "admin")).not.toThrow();
    const [row] = await db.select().from(staffUsers).where(eq(staffUsers.id, staff.id));
    expect(await verifyPassword("a-new-password-2", row.passwordHash)).toBe(true);
  });
});
