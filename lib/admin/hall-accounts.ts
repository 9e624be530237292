import "server-only";
import { and, eq, ne } from "drizzle-orm";
import { staffUsers } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";

/**
 * The accounts a hall's admin administers: their hall's, except the district's account, which sits
 * in a hall's row but reads every hall; a town's admin who could reset its password or edit it
 * would give themselves the district's view. To the hall's admin it does not exist (404).
 */
export function hallAccounts(actor: Actor) {
  return and(eq(staffUsers.hallId, actor.hallId), ne(staffUsers.role, "district"))!;
}
