import "server-only";
import type { Tx } from "@/db/connection";
import type { Actor } from "@/lib/auth/actor";
import type { CaseView } from "@/lib/cases/case-view";
import { changeCaseStatus } from "@/lib/cases/change-status";
import { AppError } from "@/lib/errors";
import { isValidIdNumber } from "@/lib/validation/identity";

/**
 * Hand out the result at the window after checking the applicant's ID number against the stored
 * keyed hash, or send it by post with a tracking number.
 */
export async function deliverCase(input: {
  actor: Actor;
  caseNo: string;
  idNumber?: string;
  post?: { trackingNo: string };
  at?: Date;
  tx?: Tx;
}): Promise<CaseView> {
  const idNumber = input.idNumber?.trim().toUpperCase();
  const trackingNo = input.post?.trackingNo.trim();
  if (!idNumber === !input.post) {
    throw new AppError("invalid_input", "请核验领取人身份证号，或填写邮寄单号（二选一）", {
      idNumber: "请填写领取人身份证号，或选择邮寄送达",
    });
  }
  if (idNumber !== undefined && !isValidIdNumber(idNumber)) {
    throw new AppError("invalid_input", undefined, { idNumber: "身份证号码不正确，请核对后重新填写" });
  }
  if (input.post && !trackingNo) {
    throw new AppError("invalid_input", undefined, { "post.trackingNo": "请填写邮寄单号" });
  }
  return changeCaseStatus({
    ...input,
    action: "deliver",
    params: { action: "deliver", idNumber, post: input.post && { trackingNo: trackingNo ?? "" } },
  });
}
