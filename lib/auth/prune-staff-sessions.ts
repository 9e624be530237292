import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";

/**
 * Sign-ins ended or expired more than 30 days ago are of no use to anyone: the audit log keeps
 * who signed in, when and from where. The background job removes them, so staff_sessions holds
 * about a month of sign-ins, not every one since the install.
 */
export async function pruneStaffSessions(): Promise<void> {
  const db = await getDb();
  await db.execute(sql`delete from staff_sessions where coalesce(ended_at, expires_at) < now() - interval '30 days'`);
}
