import { trackCase } from "@/lib/cases";
import { caseNoParam } from "@/lib/cases/schemas";
import { mobilePhone } from "@/lib/api/schemas";
import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http";
import { limitClient } from "@/lib/rate-limit";

export const dynamic = "force-dynamic";

const NOT_FOUND = "没有找到办件，请核对办件号和手机号";

/** GET /api/v1/cases/{caseNo}/track?phone= — public, masked; 404 when number and phone do not match. */
export const GET = route(async (request, context: { params: Promise<{ caseNo: string }> }) => {
  await limitClient(request, "lookup");
  const caseNo = caseNoParam.safeParse((await context.params).caseNo);
  const phone = mobilePhone.safeParse(new URL(request.url).searchParams.get("phone") ?? "");
  // A wrong phone and a wrong number get the same answer: nothing to learn from guessing.
  if (!caseNo.success || !phone.success) throw new AppError("not_found", NOT_FOUND);
  return json(await trackCase({ caseNo: caseNo.data, phone: phone.data }));
});
