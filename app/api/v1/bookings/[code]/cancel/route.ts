import { phoneBody } from "@/lib/api/schemas";
import { cancelBooking } from "@/lib/booking";
import { json, parse, readJson, route } from "@/lib/http";
import { limitClient } from "@/lib/rate-limit";
import { publicHall } from "@/app/_lib/public-hall";

export const dynamic = "force-dynamic";

export const POST = route(async (request, context: { params: Promise<{ code: string }> }) => {
  await limitClient(request, "booking");
  const { code } = await context.params;
  const { phone } = parse(phoneBody, await readJson(request));
  return json(await cancelBooking({ hallId: (await publicHall()).id, code, owner: { phone } }));
});
