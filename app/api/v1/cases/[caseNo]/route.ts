import { requireRole } from "@/lib/auth/session";
import { getCase } from "@/lib/cases";
import { caseNoParam } from "@/lib/cases/schemas";
import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** GET /api/v1/cases/{caseNo} — one case in the actor's scope; 404 outside it. */
export const GET = route(async (_request, context: { params: Promise<{ caseNo: string }> }) => {
  const actor = await requireRole("clerk", "backoffice", "manager", "admin");
  const caseNo = caseNoParam.safeParse((await context.params).caseNo);
  if (!caseNo.success) throw new AppError("not_found", "没有找到这个办件，请核对办件号");
  return json(await getCase({ actor, caseNo: caseNo.data }));
});
