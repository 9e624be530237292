import { z } from "zod";
import { idParam } from "@/lib/api/schemas";
import { caseNoParam, decideBody, deliverBody, finishBody, supplementNoticeBody } from "@/lib/cases/schemas";

// Parameters of the case, rating and follow-up operations, for the OpenAPI document. They sit
// apart from lib/api/schemas.ts because lib/cases/schemas.ts imports that module; the handlers
// parse with the very field schemas used here (caseNoParam, idParam and the action bodies).

export const CASE_ACTIONS = [
  "take",
  "supplement-notice",
  "supplement-received",
  "decide",
  "ready",
  "deliver",
  "finish",
] as const;

export const caseNoPath = z.object({ caseNo: caseNoParam });

export const caseActionPath = z.object({
  caseNo: caseNoParam,
  action: z.enum(CASE_ACTIONS).meta({ examples: ["take"] }),
});

/** The body of POST /api/v1/cases/{caseNo}/{action}: the one of the action, none for the others. */
export const caseActionBody = z.union([supplementNoticeBody, decideBody, deliverBody, finishBody]).meta({
  description:
    "supplement-notice: { missing, note }; decide: { result, opinion }; deliver: { idNumber } or { post: { trackingNo } }; finish: { opinion? }; take, supplement-received and ready take none",
});

/** A ticket's or a follow-up's id. */
export const idPath = z.object({ id: idParam });
