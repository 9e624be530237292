import { requireRole } from "@/lib/auth/session";
import { listCases, takeInCase } from "@/lib/cases";
import { listCasesQuery, takeInCaseBody } from "@/lib/cases/schemas";
import { json, parse, parseQuery, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** POST /api/v1/cases — a clerk takes in a case (受理); 201 with the case and its receipt links. */
export const POST = route(async (request) => {
  const actor = await requireRole("clerk");
  const body = parse(takeInCaseBody, await readJson(request));
  return json(await takeInCase({ actor, ...body }), { status: 201 });
});

/** GET /api/v1/cases?status=&due=overdue|soon&q= — the cases in the actor's scope. */
export const GET = route(async (request) => {
  const actor = await requireRole("clerk", "backoffice", "manager", "admin");
  const query = parseQuery(listCasesQuery, request);
  return json({ cases: await listCases({ actor, ...query }) });
});
