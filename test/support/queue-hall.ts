import { getDb } from "@/db/client";
import { halls, queues, staffUsers, windowQueues, windows } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { unique, uniqueCasePrefix } from "./fixtures";

// Each test runs in a hall of its own (queues A–C, windows 1–4), so that no other test file's
// calls (which share the seeded hall on PostgreSQL) mix with the ones counted here.
export async function createHall() {
  const db = await getDb();
  const code = unique("h");
  const [hall] = await db
    .insert(halls)
    .values({ code, name: `测试大厅${code}`, address: "测试", phone: "0571-0000000", casePrefix: uniqueCasePrefix() })
    .returning({ id: halls.id });
  const queueRows = await db
    .insert(queues)
    .values(["A", "B", "C"].map((prefix, i) => ({ hallId: hall.id, prefix, name: `类别${prefix}`, sortOrder: i })))
    .returning({ id: queues.id });
  const windowRows = await db
    .insert(windows)
    .values([1, 2, 3, 4].map((number) => ({ hallId: hall.id, number, name: `${number}号窗口` })))
    .returning({ id: windows.id });
  await db
    .insert(windowQueues)
    .values(windowRows.flatMap((w) => queueRows.map((q) => ({ windowId: w.id, queueId: q.id }))));
  const actor = async (role: "clerk" | "kiosk", windowId: number | null): Promise<Actor> => {
    const username = unique("s_");
    const [row] = await db
      .insert(staffUsers)
      .values({ hallId: hall.id, username, displayName: "测试", passwordHash: "x", role, windowId })
      .returning({ id: staffUsers.id });
    return { id: row.id, username, name: "测试", role, hallId: hall.id, departmentId: null, windowId };
  };
  return {
    hallId: hall.id,
    clerks: await Promise.all(windowRows.map((w) => actor("clerk", w.id))),
    kiosk: await actor("kiosk", null),
  };
}
