import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { staffUsers } from "@/db/schema";
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
}): Promise<{ id: number }> {
  const { actor } = input;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(staffUsers)
      .set({
        sessionVersion: sql`${staffUsers.sessionVersion} + 1`,
        ...(input.deactivate ? { isActive: false } : {}),
      })
      .where(and(eq(staffUsers.id, input.staffId), eq(staffUsers.hallId, actor.hallId)))
      .returning({ id: staffUsers.id, username: staffUsers.username, role: staffUsers.role });
    if (!row) throw new AppError("not_found", "没有这个账号");
    await recordAudit(tx, {
      hallId: actor.hallId,
      actorId: actor.id,
      actorName: actor.username,
      action: input.action,
      objectType: "staff_user",
      objectId: row.id,
      result: "ok",
      detail: { username: row.username, role: row.role },
    });
    return { id: row.id };
  });
}
