import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { staffUsers } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

/**
 * Signs out every session of an account of the admin's hall — a lost or stolen kiosk, TV or
 * rating pad, whose session otherwise lasts DEVICE_SESSION_DAYS. Raising the session version is
 * enough: getActor compares it on every request, so the next request of that device is refused.
 */
export async function revokeStaffSessions(input: { actor: Actor; staffId: number }): Promise<{ id: number }> {
  const { actor } = input;
  assertRole(actor, "admin");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(staffUsers)
      .set({ sessionVersion: sql`${staffUsers.sessionVersion} + 1` })
      .where(and(eq(staffUsers.id, input.staffId), eq(staffUsers.hallId, actor.hallId)))
      .returning({ id: staffUsers.id, username: staffUsers.username, role: staffUsers.role });
    if (!row) throw new AppError("not_found", "没有这个账号");
    await recordAudit(tx, {
      hallId: actor.hallId,
      actorId: actor.id,
      actorName: actor.username,
      action: "staff.revoke_sessions",
      objectType: "staff_user",
      objectId: row.id,
      result: "ok",
      detail: { username: row.username, role: row.role },
    });
    return { id: row.id };
  });
}
