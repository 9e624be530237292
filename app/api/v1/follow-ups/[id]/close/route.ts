import { idParam } from "@/lib/api/schemas";
import { requireRole } from "@/lib/auth/session";
import { closeFollowUp } from "@/lib/evaluations";
import { closeFollowUpBody } from "@/lib/evaluations/schemas";
import { AppError } from "@/lib/errors";
import { json, parse, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** POST /api/v1/follow-ups/{id}/close — the callback note and what was changed (manager, admin). */
export const POST = route(async (request, context: { params: Promise<{ id: string }> }) => {
  const actor = await requireRole("manager", "admin");
  const id = idParam.safeParse((await context.params).id);
  if (!id.success) throw new AppError("not_found", "没有找到这条回访");
  await closeFollowUp({ actor, id: id.data, ...parse(closeFollowUpBody, await readJson(request)) });
  return json({ id: id.data, state: "closed" });
});
