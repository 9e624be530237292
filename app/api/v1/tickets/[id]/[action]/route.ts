import { callBody, idParam, transferBody } from "@/lib/api/schemas";
import { requireRole } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { json, parse, readJson, route } from "@/lib/http";
import {
  callTicket,
  finishService,
  markNoShow,
  parkTicket,
  recallTicket,
  startService,
  transferTicket,
  unparkTicket,
} from "@/lib/queue";

export const dynamic = "force-dynamic";

const SIMPLE = {
  recall: recallTicket,
  "no-show": markNoShow,
  park: parkTicket,
  unpark: unparkTicket,
  start: startService,
  finish: finishService,
} as const;

/** POST /api/v1/tickets/{id}/{recall|no-show|park|unpark|start|finish|transfer|call} — the clerk at the ticket's window. */
export const POST = route(async (request, context: { params: Promise<{ id: string; action: string }> }) => {
  const { id: rawId, action } = await context.params;
  const actor = await requireRole("clerk");
  const id = idParam.safeParse(rawId);
  if (!id.success) throw new AppError("not_found", "没有这个号");
  if (action in SIMPLE)
    return json({ ticket: await SIMPLE[action as keyof typeof SIMPLE]({ actor, ticketId: id.data }) });
  if (action === "transfer") {
    const body = parse(transferBody, await readJson(request));
    return json({ ticket: await transferTicket({ actor, ticketId: id.data, ...body }) });
  }
  if (action === "call") {
    const { reason } = parse(callBody, await readJson(request));
    return json({ ticket: await callTicket({ actor, ticketId: id.data, reason }) });
  }
  throw new AppError("not_found", "没有这个操作");
});
