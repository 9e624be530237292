import "server-only";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { staffSessions, staffUsers, type StaffRole } from "@/db/schema";
import { hallAccounts } from "@/lib/admin/hall-accounts";
import { staffKindFilter, type StaffKind } from "@/lib/admin/staff-kind";
import { assertRole, type Actor } from "@/lib/auth/actor";

export interface StaffSessionRow {
  id: string;
  staffId: number;
  username: string;
  name: string;
  role: StaffRole;
  location: string | null;
  startedAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  address: string | null;
  userAgent: string | null;
}

/**
 * Who is signed in at the admin's hall: every session not ended and not expired, newest first —
 * of people, of devices (`kind`), or of one account (`staffId`).
 */
export async function listStaffSessions(input: {
  actor: Actor;
  kind?: StaffKind;
  staffId?: number;
}): Promise<StaffSessionRow[]> {
  const { actor } = input;
  assertRole(actor, "admin");
  const db = await getDb();
  return db
    .select({
      id: staffSessions.id,
      staffId: staffUsers.id,
      username: staffUsers.username,
      name: staffUsers.displayName,
      role: staffUsers.role,
      location: staffUsers.location,
      startedAt: staffSessions.startedAt,
      lastSeenAt: staffSessions.lastSeenAt,
      expiresAt: staffSessions.expiresAt,
      address: staffSessions.address,
      userAgent: staffSessions.userAgent,
    })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.staffId))
    .where(
      and(
        eq(staffSessions.hallId, actor.hallId),
        hallAccounts(actor),
        isNull(staffSessions.endedAt),
        gt(staffSessions.expiresAt, sql`now()`),
        input.staffId !== undefined ? eq(staffUsers.id, input.staffId) : undefined,
        staffKindFilter(input.kind),
      ),
    )
    .orderBy(desc(staffSessions.lastSeenAt))
    .limit(500);
}
