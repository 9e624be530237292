import { submitEvaluation } from "@/lib/evaluations";
import { evaluationBody } from "@/lib/evaluations/schemas";
import { json, parse, readJson, route } from "@/lib/http";
import { limitClient } from "@/lib/rate-limit";

export const dynamic = "force-dynamic";

/** POST /api/v1/evaluations — public: a case rated by its per-case link (token) or the applicant's phone. */
export const POST = route(async (request) => {
  await limitClient(request, "lookup");
  const body = parse(evaluationBody, await readJson(request));
  return json(await submitEvaluation(body), { status: 201 });
});
