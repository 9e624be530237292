import { listItemsQuery } from "@/lib/admin/item-schemas";
import { listItems } from "@/lib/admin/list-items";
import { requireRole } from "@/lib/auth/session";
import { json, parseQuery, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  const actor = await requireRole("admin");
  const query = parseQuery(listItemsQuery, request);
  const items = await listItems({ actor, ...query });
  return json({ items, total: items.length });
});
