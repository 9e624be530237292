import { servicesQuery } from "@/lib/api/schemas";
import { listServices } from "@/lib/catalogue";
import { json, parseQuery, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  const query = parseQuery(servicesQuery, request);
  const items = await listServices(query);
  return json({ items, total: items.length }, { headers: { "cache-control": "public, max-age=60" } });
});
