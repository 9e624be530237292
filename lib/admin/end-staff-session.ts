import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { staffSessions, staffUsers } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

/**
 * Ends one session of an account of the admin's hall — a kiosk that was carried off, a clerk's
 * browser left signed in at home — leaving the account's other sessions alone. getActor refuses
 * the session's token at its next request. 404 for a session of another hall or one already ended.
 */
export async function endStaffSession(input: { actor: Actor; sessionId: string }): Promise<{ id: string }> {
  const { actor } = input;
  assertRole(actor, "admin");
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(input.sessionId))
    throw new AppError("not_found", "没有这个登录会话");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [session] = await tx
      .update(staffSessions)
      .set({ endedAt: sql`now()`, endReason: "ended_by_admin" })
      .where(
        and(
          eq(staffSessions.id, input.sessionId),
          eq(staffSessions.hallId, actor.hallId),
          isNull(staffSessions.endedAt),
        ),
      )
      .returning({ id: staffSessions.id, staffId: staffSessions.staffId, address: staffSessions.address });
    if (!session) throw new AppError("not_found", "没有这个登录会话（可能已经结束）");
    const [staff] = await tx
      .select({ username: staffUsers.username, displayName: staffUsers.displayName })
      .from(staffUsers)
      .where(eq(staffUsers.id, session.staffId));
    await recordAudit(tx, {
      hallId: actor.hallId,
      actorId: actor.id,
      actorName: actor.username,
      action: "staff.end_session",
      objectType: "staff_user",
      objectId: session.staffId,
      result: "ok",
      detail: { username: staff.username, name: staff.displayName, sessionId: session.id, from: session.address },
    });
    return { id: session.id };
  });
}
