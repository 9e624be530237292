import { phoneCodeBody } from "@/lib/api/schemas";
import { requestPhoneCode } from "@/lib/booking";
import { json, parse, readJson, route } from "@/lib/http";
import { clientAddress } from "@/lib/http/client-address";
import { publicHall } from "@/app/_lib/public-hall";

export const dynamic = "force-dynamic";

export const POST = route(async (request) => {
  const { phone } = parse(phoneCodeBody, await readJson(request));
  const sent = await requestPhoneCode({ hallId: (await publicHall()).id, phone, address: clientAddress(request) });
  return json(sent, { status: 202 });
});
