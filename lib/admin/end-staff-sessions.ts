import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { staffSessions, staffUsers } from "@/db/schema";
import { hallAccounts } from "@/lib/admin/hall-accounts";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

/**
 * Ends every session of an account of the admin's own hall (404 outside it) — and deactivates it
 * when asked — with its audit line in the same transaction: the shared step of revoking sessions
 * and deactivating an account. Raising the session version is enough: getActor compares it on
 * every request.
 */
export async function endStaffSessions(input: {
  actor: Actor;
  staffId: number;
  deactivate?: boolean;
  action: string;
}): Promise<{ id: number; sessionsEnded: number }> {
  const { actor } = input;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(staffUsers)
      .set({
        sessionVersion: sql`${staffUsers.sessionVersion} + 1`,
        ...(input.deactivate ? { isActive: false } : {}),
      })
      .where(and(eq(staffUsers.id, input.staffId), hallAccounts(actor)))
      .returning({
        id: staffUsers.id,
        username: staffUsers.username,
        displayName: staffUsers.displayName,
        role: staffUsers.role,
      });
    if (!row) throw new AppError("not_found", "没有这个账号");
    const ended = await tx
      .update(staffSessions)
      .set({ endedAt: sql`now()`, endReason: input.deactivate ? "deactivated" : "revoked" })
      .where(and(eq(staffSessions.staffId, row.id), isNull(staffSessions.endedAt)))
      .returning({ id: staffSessions.id });
    await recordAudit(tx, {
      hallId: actor.hallId,
      actorId: actor.id,
      actorName: actor.username,
      action: input.action,
      objectType: "staff_user",
      objectId: row.id,
      result: "ok",
      detail: { username: row.username, name: row.displayName, role: row.role, sessionsEnded: ended.length },
    });
    return { id: row.id, sessionsEnded: ended.length };
  });
}
