import { requireRole } from "@/lib/auth/session";
import {
  decideCase,
  deliverCase,
  finishInstantCase,
  issueSupplementNotice,
  markReady,
  receiveSupplement,
  takeCase,
} from "@/lib/cases";
import { caseNoParam, decideBody, deliverBody, finishBody, supplementNoticeBody } from "@/lib/cases/schemas";
import { AppError } from "@/lib/errors";
import { json, parse, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** A body may be left out for the actions that take none. */
async function optionalJson(request: Request): Promise<unknown> {
  const length = request.headers.get("content-length");
  if (length === "0" || (!length && !request.body)) return undefined;
  return readJson(request);
}

/**
 * POST /api/v1/cases/{caseNo}/{take|supplement-notice|supplement-received|decide|ready|deliver|finish}
 * — each answers the case. Who may do what is decided in lib/cases (the transitions table).
 */
export const POST = route(async (request, context: { params: Promise<{ caseNo: string; action: string }> }) => {
  const params = await context.params;
  const actor = await requireRole("clerk", "backoffice");
  const parsed = caseNoParam.safeParse(params.caseNo);
  if (!parsed.success) throw new AppError("not_found", "没有找到这个办件，请核对办件号");
  const caseNo = parsed.data;
  switch (params.action) {
    case "take":
      return json(await takeCase({ actor, caseNo }));
    case "supplement-notice":
      return json(
        await issueSupplementNotice({ actor, caseNo, ...parse(supplementNoticeBody, await readJson(request)) }),
      );
    case "supplement-received":
      return json(await receiveSupplement({ actor, caseNo }));
    case "decide":
      return json(await decideCase({ actor, caseNo, ...parse(decideBody, await readJson(request)) }));
    case "ready":
      return json(await markReady({ actor, caseNo }));
    case "deliver":
      return json(await deliverCase({ actor, caseNo, ...parse(deliverBody, await readJson(request)) }));
    case "finish":
      return json(await finishInstantCase({ actor, caseNo, ...parse(finishBody, await optionalJson(request)) }));
    default:
      throw new AppError("not_found", "没有这个操作");
  }
});
