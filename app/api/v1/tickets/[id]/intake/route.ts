import { idParam } from "@/lib/api/schemas";
import { requireRole } from "@/lib/auth/session";
import { getIntakeDraft } from "@/lib/cases";
import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** GET /api/v1/tickets/{id}/intake — the intake form's draft for a ticket being served (clerk). */
export const GET = route(async (_request, context: { params: Promise<{ id: string }> }) => {
  const actor = await requireRole("clerk");
  const id = idParam.safeParse((await context.params).id);
  if (!id.success) throw new AppError("not_found", "没有这个号");
  return json(await getIntakeDraft({ actor, ticketId: id.data }));
});
