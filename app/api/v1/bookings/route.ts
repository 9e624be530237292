import { bookingBody, idempotencyKey } from "@/lib/api/schemas";
import { createBooking } from "@/lib/booking";
import { json, parse, readJson, route } from "@/lib/http";
import { limitClient } from "@/lib/rate-limit";
import { publicHall } from "@/app/_lib/public-hall";

export const dynamic = "force-dynamic";

export const POST = route(async (request) => {
  await limitClient(request, "booking");
  const key = request.headers.get("idempotency-key");
  const parsedKey = key === null ? undefined : parse(idempotencyKey, key);
  const body = parse(bookingBody, await readJson(request));
  const { booking, replayed } = await createBooking({
    hallId: (await publicHall()).id,
    request: body,
    idempotencyKey: parsedKey,
    phoneCode: body.phoneCode,
  });
  return json(booking, { status: 201, headers: replayed ? { "idempotent-replayed": "true" } : {} });
});
