import { rescheduleBody } from "@/lib/api/schemas";
import { rescheduleBooking } from "@/lib/booking";
import { json, parse, readJson, route } from "@/lib/http";
import { limitClient } from "@/lib/rate-limit";
import { publicHall } from "@/app/_lib/public-hall";

export const dynamic = "force-dynamic";

export const POST = route(async (request, context: { params: Promise<{ code: string }> }) => {
  await limitClient(request, "booking");
  const { code } = await context.params;
  const { phone, slotId } = parse(rescheduleBody, await readJson(request));
  return json(await rescheduleBooking({ hallId: (await publicHall()).id, code, owner: { phone }, slotId }));
});
