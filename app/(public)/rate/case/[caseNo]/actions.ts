"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { EVALUATION_REASONS, submitEvaluation } from "@/lib/evaluations";
import { isAppError } from "@/lib/errors";
import { limitClient } from "@/lib/rate-limit";
import { logError } from "@/lib/log";

export interface RateState {
  message?: string;
  done?: boolean;
  attempt: number;
}

const rateForm = z
  .object({
    caseNo: z.string().regex(/^[A-Z]{2,4}\d{10}$/, "办件编号不正确"),
    token: z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, "评价链接不完整，请重新扫描回执上的二维码"),
    level: z.coerce.number({ message: "请选择满意程度" }).int().min(1, "请选择满意程度").max(5, "请选择满意程度"),
    reasons: z.array(z.enum(EVALUATION_REASONS as unknown as [string, ...string[]])).max(5),
    comment: z.string().trim().max(300, "意见不能超过 300 字"),
  })
  .refine((v) => v.level > 2 || v.reasons.length > 0, { message: "请选择不满意的原因", path: ["reasons"] });

/** A rating from the villager's phone, by the case's unguessable link (no sign-in). */
export async function rateCase(state: RateState, formData: FormData): Promise<RateState> {
  const parsed = rateForm.safeParse({
    caseNo: formData.get("caseNo"),
    token: formData.get("token"),
    level: formData.get("level") ?? undefined,
    reasons: formData.getAll("reasons"),
    comment: formData.get("comment") ?? "",
  });
  if (!parsed.success)
    return { message: parsed.error.issues[0]?.message ?? "请检查后重试", attempt: state.attempt + 1 };
  const { caseNo, token, level, reasons, comment } = parsed.data;
  try {
    await limitClient({ headers: await headers() }, "lookup");
    await submitEvaluation({
      caseNo,
      token,
      level: level as 1 | 2 | 3 | 4 | 5,
      reasons: reasons.length ? reasons : undefined,
      comment: comment || undefined,
    });
    return { done: true, attempt: state.attempt + 1 };
  } catch (error) {
    if (isAppError(error)) {
      const message =
        error.code === "not_found"
          ? "评价链接无效，请重新扫描回执上的二维码或短信中的链接。"
          : error.status === 409
            ? "这件事您已经评价过了，谢谢！"
            : error.message;
      return { message, attempt: state.attempt + 1 };
    }
    logError("rating failed", error);
    return { message: "系统繁忙，请稍后再试。", attempt: state.attempt + 1 };
  }
}
