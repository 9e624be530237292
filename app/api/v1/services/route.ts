import { servicesQuery } from "@/lib/api/schemas";
import { listServices } from "@/lib/catalogue";
import { json, parseQuery, route } from "@/lib/http";
import { publicHall } from "@/app/_lib/public-hall";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  const query = parseQuery(servicesQuery, request);
  const hall = await publicHall();
  const items = await listServices({ hallId: hall.id, ...query });
  return json({ items, total: items.length }, { headers: { "cache-control": "public, max-age=60" } });
});
