import { bookingBody } from "@/lib/api/schemas";
import { joinWaitlist } from "@/lib/booking";
import { json, parse, readJson, route } from "@/lib/http";
import { limitClient } from "@/lib/rate-limit";
import { publicHall } from "@/app/_lib/public-hall";

export const dynamic = "force-dynamic";

export const POST = route(async (request) => {
  await limitClient(request, "booking");
  const body = parse(bookingBody, await readJson(request));
  return json(await joinWaitlist({ hallId: (await publicHall()).id, request: body, phoneCode: body.phoneCode }), {
    status: 201,
  });
});
