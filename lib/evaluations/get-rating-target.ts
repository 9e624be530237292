import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { cases, evaluations, serviceItems } from "@/db/schema";
import { CASE_STATUS_LABEL } from "@/lib/cases/labels";
import { isRatingToken } from "@/lib/cases/rating-token";
import { AppError } from "@/lib/errors";

export interface RatingTarget {
  caseNo: string;
  itemName: string;
  statusLabel: string;
  stage: "service" | "pickup";
  isRated: boolean;
}

/**
 * What the phone's rating page (/rate/case/{caseNo}?t=…) shows before the five buttons: the item
 * and whether this stage was rated already. A wrong token is a 404, as an unknown case.
 */
export async function getRatingTarget(input: { caseNo: string; token: string }): Promise<RatingTarget> {
  const db = await getDb();
  const [row] = await db
    .select({
      id: cases.id,
      caseNo: cases.caseNo,
      status: cases.status,
      kind: serviceItems.kind,
      itemName: serviceItems.name,
      ratingTokenHash: cases.ratingTokenHash,
    })
    .from(cases)
    .innerJoin(serviceItems, eq(serviceItems.id, cases.serviceItemId))
    .where(eq(cases.caseNo, input.caseNo.trim().toUpperCase()));
  if (!row || !isRatingToken(input.token, row.ratingTokenHash)) {
    throw new AppError("not_found", "评价链接无效，请扫描回执上的二维码或点击短信中的链接");
  }
  // The same rule as submitEvaluation: a promised item handed out is rated for its pickup.
  const stage = row.kind === "promised" && row.status === "delivered" ? "pickup" : "service";
  const [rated] = await db
    .select({ id: evaluations.id })
    .from(evaluations)
    .where(and(eq(evaluations.caseId, row.id), eq(evaluations.stage, stage)));
  return {
    caseNo: row.caseNo,
    itemName: row.itemName,
    statusLabel: CASE_STATUS_LABEL[row.status],
    stage,
    isRated: !!rated,
  };
}
