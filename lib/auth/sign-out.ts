import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { staffSessions, staffUsers } from "@/db/schema";
import { recordAudit } from "@/lib/audit";

/**
 * Signing out ends every session of the account, not only this browser's: the session version
 * the token carries is raised, and getActor compares it on every request, so a copied cookie is
 * refused at once. A token whose version is already out of date (revoked before) changes nothing.
 */
export async function signOutStaff(input: { staffId: number; sessionVersion: number }): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(staffUsers)
      .set({ sessionVersion: sql`${staffUsers.sessionVersion} + 1` })
      .where(and(eq(staffUsers.id, input.staffId), eq(staffUsers.sessionVersion, input.sessionVersion)))
      .returning({ id: staffUsers.id, hallId: staffUsers.hallId, username: staffUsers.username });
    if (!row) return;
    await tx
      .update(staffSessions)
      .set({ endedAt: sql`now()`, endReason: "sign_out" })
      .where(and(eq(staffSessions.staffId, row.id), isNull(staffSessions.endedAt)));
    await recordAudit(tx, {
      hallId: row.hallId,
      actorId: row.id,
      actorName: row.username,
      action: "logout",
      objectType: "staff_user",
      objectId: row.id,
      result: "ok",
    });
  });
}
