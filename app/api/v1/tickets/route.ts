import { ticketBody } from "@/lib/api/schemas";
import { requireRole } from "@/lib/auth/session";
import { json, parse, readJson, route } from "@/lib/http";
import { issueTicket } from "@/lib/queue";

export const dynamic = "force-dynamic";

export const POST = route(async (request) => {
  const actor = await requireRole("kiosk", "clerk");
  const body = parse(ticketBody, await readJson(request));
  return json(await issueTicket({ actor, queue: body.queue, isGreenChannel: body.greenChannel }), { status: 201 });
});
