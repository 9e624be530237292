import { bookingLookupQuery } from "@/lib/api/schemas";
import { getBooking } from "@/lib/booking";
import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http";
import { limitClient } from "@/lib/rate-limit";
import { publicHall } from "@/app/_lib/public-hall";

export const dynamic = "force-dynamic";

export const GET = route(async (request, context: { params: Promise<{ code: string }> }) => {
  await limitClient(request, "lookup");
  const { code } = await context.params;
  const query = bookingLookupQuery.safeParse({ phone: new URL(request.url).searchParams.get("phone") ?? "" });
  // A wrong phone and a wrong code get the same answer: nothing to learn from guessing.
  if (!query.success) throw new AppError("not_found", "没有找到预约，请核对预约码和手机号");
  return json(await getBooking({ hallId: (await publicHall()).id, code, owner: { phone: query.data.phone } }));
});
