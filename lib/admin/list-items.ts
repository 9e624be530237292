import "server-only";
import { and, asc, eq, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { departments, queues, serviceItems } from "@/db/schema";
import { adminItemColumns, adminItemJoins, toAdminItem, type AdminItem } from "@/lib/admin/item-view";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { itemSearch } from "@/lib/catalogue/item-search";

/**
 * The admin's own hall's items, active and deactivated (`status` narrows), in catalogue order;
 * searched and ranked as the public catalogue is (name, common names, pinyin, code).
 */
export async function listItems(input: {
  actor: Actor;
  q?: string;
  status?: "all" | "active" | "inactive";
}): Promise<AdminItem[]> {
  const { actor } = input;
  assertRole(actor, "admin");
  const db = await getDb();
  const filters: SQL[] = [eq(serviceItems.hallId, actor.hallId)];
  const search = itemSearch(input.q);
  if (search) filters.push(search.where);
  if (input.status === "active") filters.push(eq(serviceItems.isActive, true));
  if (input.status === "inactive") filters.push(eq(serviceItems.isActive, false));
  const rows = await db
    .select(adminItemColumns)
    .from(serviceItems)
    .innerJoin(departments, adminItemJoins.departments)
    .innerJoin(queues, adminItemJoins.queues)
    .where(and(...filters))
    .orderBy(...(search ? [search.rank] : []), asc(serviceItems.sortOrder), asc(serviceItems.code));
  return rows.map(toAdminItem);
}
