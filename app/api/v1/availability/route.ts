import { availabilityQuery } from "@/lib/api/schemas";
import { listAvailability } from "@/lib/booking";
import { json, parseQuery, route } from "@/lib/http";
import { publicHall } from "@/app/_lib/public-hall";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  const query = parseQuery(availabilityQuery, request);
  const hall = await publicHall();
  return json(await listAvailability({ hallId: hall.id, ...query }));
});
