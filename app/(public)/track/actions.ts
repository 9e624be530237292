"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { mobilePhone } from "@/lib/api/schemas";
import { trackCase, type TrackView } from "@/lib/cases";
import { isAppError } from "@/lib/errors";
import { fieldErrors } from "@/lib/http";
import { limitClient } from "@/lib/rate-limit";
import { logError } from "@/lib/log";

export interface TrackState {
  message?: string;
  fields?: Record<string, string>;
  values?: { caseNo: string; phone: string };
  view?: TrackView;
  attempt: number;
}

const trackForm = z.object({
  caseNo: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2,4}\d{10}$/, "办件编号是字母加 10 位数字，如 QC2026000123，请核对回执"),
  phone: mobilePhone,
});

/** The villager's look-up: case number and phone, the same protection as a booking look-up. */
export async function lookUpCase(state: TrackState, formData: FormData): Promise<TrackState> {
  const values = { caseNo: String(formData.get("caseNo") ?? ""), phone: String(formData.get("phone") ?? "") };
  const parsed = trackForm.safeParse(values);
  if (!parsed.success)
    return { message: "请按提示修改。", fields: fieldErrors(parsed.error), values, attempt: state.attempt + 1 };
  try {
    await limitClient({ headers: await headers() }, "lookup");
    const view = await trackCase({ caseNo: parsed.data.caseNo, phone: parsed.data.phone });
    return { view, values, attempt: state.attempt + 1 };
  } catch (error) {
    if (isAppError(error))
      return {
        message:
          error.code === "not_found" ? "没有找到这个办件：请核对办件编号和受理时登记的手机号码。" : error.message,
        values,
        attempt: state.attempt + 1,
      };
    logError("case tracking failed", error);
    return { message: "系统繁忙，请稍后再试。", values, attempt: state.attempt + 1 };
  }
}
