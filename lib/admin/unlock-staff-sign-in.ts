import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/connection";
import { staffUsers } from "@/db/schema";
import { hallAccounts } from "@/lib/admin/hall-accounts";
import { recordAudit } from "@/lib/audit";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

/**
 * Ends an account's sign-in wait at once and forgets its wrong passwords (lib/auth/login.ts): a
 * clerk who mistyped, or an account someone else has been guessing at. Audited, with the count
 * that was forgotten.
 */
export async function unlockStaffSignIn(input: { actor: Actor; staffId: number }): Promise<{ id: number }> {
  const { actor } = input;
  assertRole(actor, "admin");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: staffUsers.id, username: staffUsers.username })
      .from(staffUsers)
      .where(and(eq(staffUsers.id, input.staffId), hallAccounts(actor)))
      .for("update");
    if (!row) throw new AppError("not_found", "没有这个账号");
    const [forgotten] = rowsOf<{ failures: number }>(
      await tx.execute(sql`delete from login_throttles where username = ${row.username} returning failures`),
    );
    await recordAudit(tx, {
      hallId: actor.hallId,
      actorId: actor.id,
      actorName: actor.username,
      action: "staff.unlock_sign_in",
      objectType: "staff_user",
      objectId: row.id,
      result: "ok",
      detail: { username: row.username, failures: forgotten?.failures ?? 0 },
    });
    return { id: row.id };
  });
}
