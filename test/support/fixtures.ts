import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { halls, staffUsers, type StaffRole } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";

export const unique = (prefix: string) => `${prefix}${randomBytes(4).toString("hex")}`;

export async function testHallId(): Promise<number> {
  const db = await getDb();
  const [hall] = await db.select({ id: halls.id }).from(halls).where(eq(halls.code, "qianchuan"));
  return hall.id;
}

/** A staff account of its own for one test. */
export async function createStaff(input: { role: StaffRole; password?: string; departmentId?: number | null; windowId?: number | null }) {
  const db = await getDb();
  const username = unique("t_");
  const password = input.password ?? "correct-horse-1";
  const [row] = await db
    .insert(staffUsers)
    .values({
      hallId: await testHallId(),
      username,
      displayName: "测试账号",
      passwordHash: await hashPassword(password),
      role: input.role,
      departmentId: input.departmentId ?? null,
      windowId: input.windowId ?? null,
    })
    .returning({ id: staffUsers.id });
  return { id: row.id, username, password };
}
