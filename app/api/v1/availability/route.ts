import { availabilityQuery } from "@/lib/api/schemas";
import { listAvailability } from "@/lib/booking/availability";
import { json, parseQuery, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  const query = parseQuery(availabilityQuery, request);
  return json(await listAvailability(query));
});
