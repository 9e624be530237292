import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { cases, serviceItems } from "@/db/schema";
import { isRatingToken } from "@/lib/cases/rating-token";
import { lookupHash } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import { checkRating, insertEvaluation, type RatingInput } from "@/lib/evaluations/record-evaluation";

const NOT_FOUND = "没有找到办件，请核对办件号和链接（或手机号）";

/**
 * A villager rates a case from the receipt's QR code or the pickup SMS (the per-case token), or by
 * typing the phone — no sign-in. One rating per case and stage: after the window visit (service)
 * and, for a 承诺件 handed out later, after pickup.
 */
export async function submitEvaluation(
  input: RatingInput & { caseNo: string; token?: string; phone?: string; at?: Date },
): Promise<{ id: number; followUpDueDate: string | null }> {
  const rating = checkRating(input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        id: cases.id,
        hallId: cases.hallId,
        caseNo: cases.caseNo,
        status: cases.status,
        kind: serviceItems.kind,
        phoneHash: cases.phoneHash,
        ratingTokenHash: cases.ratingTokenHash,
        ticketId: cases.ticketId,
      })
      .from(cases)
      .innerJoin(serviceItems, eq(serviceItems.id, cases.serviceItemId))
      .where(eq(cases.caseNo, input.caseNo.trim().toUpperCase()));
    const proven =
      row &&
      ((input.token !== undefined && isRatingToken(input.token, row.ratingTokenHash)) ||
        (input.phone !== undefined && lookupHash("phone", input.phone.trim()) === row.phoneHash));
    // A wrong token or phone and an unknown case get the same answer.
    if (!row || !proven) throw new AppError("not_found", NOT_FOUND);
    const stage = row.kind === "promised" && row.status === "delivered" ? "pickup" : "service";
    return insertEvaluation(tx, {
      hallId: row.hallId,
      caseId: row.id,
      ticketId: row.ticketId,
      stage,
      rating,
      actorName: "群众",
      objectId: row.caseNo,
      at: input.at,
    });
  });
}
