import "server-only";
import { and, asc, count, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { departments, loginThrottles, queues, serviceItems, staffUsers, windowQueues, windows } from "@/db/schema";
import { hallAccounts } from "@/lib/admin/hall-accounts";
import { listAuditEntries } from "@/lib/audit/list-audit-entries";
import { assertRole, type Actor } from "@/lib/auth/actor";

/** What an admin sees first: the hall's staff, windows and queues, and the latest audit lines. */
export async function getAdminOverview(input: { actor: Actor }) {
  const { actor } = input;
  assertRole(actor, "admin");
  const db = await getDb();
  const [staff, windowRows, queueRows, itemCount, audit] = await Promise.all([
    db
      .select({
        id: staffUsers.id,
        username: staffUsers.username,
        name: staffUsers.displayName,
        role: staffUsers.role,
        windowNumber: windows.number,
        department: departments.shortName,
        isActive: staffUsers.isActive,
        // Wrong passwords since the last sign-in, and until when the next attempt must wait.
        failedLogins: loginThrottles.failures,
        blockedUntil: loginThrottles.blockedUntil,
        lastLoginAt: staffUsers.lastLoginAt,
        mustChangePassword: staffUsers.mustChangePassword,
      })
      .from(staffUsers)
      .leftJoin(loginThrottles, eq(loginThrottles.username, staffUsers.username))
      .leftJoin(windows, eq(windows.id, staffUsers.windowId))
      .leftJoin(departments, eq(departments.id, staffUsers.departmentId))
      .where(hallAccounts(actor))
      .orderBy(asc(staffUsers.id)),
    db
      .select({ number: windows.number, name: windows.name, prefix: queues.prefix })
      .from(windows)
      .leftJoin(windowQueues, eq(windowQueues.windowId, windows.id))
      .leftJoin(queues, eq(queues.id, windowQueues.queueId))
      .where(eq(windows.hallId, actor.hallId))
      .orderBy(asc(windows.number), asc(queues.prefix)),
    db
      .select({ prefix: queues.prefix, name: queues.name, dailyCap: queues.dailyCap, items: count(serviceItems.id) })
      .from(queues)
      .leftJoin(serviceItems, eq(serviceItems.queueId, queues.id))
      .where(eq(queues.hallId, actor.hallId))
      .groupBy(queues.id)
      .orderBy(asc(queues.sortOrder)),
    db
      .select({ n: count() })
      .from(serviceItems)
      .where(and(eq(serviceItems.hallId, actor.hallId), eq(serviceItems.isActive, true))),
    listAuditEntries({ actor, limit: 20 }),
  ]);
  const windowsGrouped = new Map<number, { number: number; name: string; queues: string[] }>();
  for (const w of windowRows) {
    const entry = windowsGrouped.get(w.number) ?? { number: w.number, name: w.name, queues: [] };
    if (w.prefix) entry.queues.push(w.prefix);
    windowsGrouped.set(w.number, entry);
  }
  return { staff, windows: [...windowsGrouped.values()], queues: queueRows, itemCount: itemCount[0].n, audit };
}
