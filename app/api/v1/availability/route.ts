import { availabilityQuery } from "@/lib/api/schemas";
import { listAvailabilityJson } from "@/lib/booking";
import { jsonText, parseQuery, route } from "@/lib/http";
import { publicHall } from "@/app/_lib/public-hall";

export const dynamic = "force-dynamic";

// The database shapes the answer; it goes out as it came, never parsed and printed again.
export const GET = route(async (request) => {
  const query = parseQuery(availabilityQuery, request);
  const hall = await publicHall();
  return jsonText(await listAvailabilityJson({ hallId: hall.id, ...query }));
});
