import { requireRole } from "@/lib/auth/session";
import { submitPadEvaluation } from "@/lib/evaluations";
import { padEvaluationBody } from "@/lib/evaluations/schemas";
import { json, parse, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** POST /api/v1/pad/evaluations — the villager rates the visit on the pad at the window. */
export const POST = route(async (request) => {
  const actor = await requireRole("pad");
  const body = parse(padEvaluationBody, await readJson(request));
  return json(await submitPadEvaluation({ actor, ...body }), { status: 201 });
});
