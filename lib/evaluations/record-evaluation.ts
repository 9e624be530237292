import "server-only";
import { uniqueViolation } from "@/db/errors";
import type { Tx } from "@/db/connection";
import { evaluations, type EvaluationStage } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { hallWorkdaysFrom } from "@/lib/cases/working-days";
import { AppError } from "@/lib/errors";
import { EVALUATION_REASONS, FOLLOW_UP_WORKING_DAYS } from "@/lib/evaluations/labels";
import { addWorkingDays, shanghaiDate } from "@/lib/time";

export interface RatingInput {
  level: number;
  reasons?: string[];
  comment?: string;
}

/** The checks every rating passes, wherever it comes from. */
export function checkRating(input: RatingInput) {
  if (!Number.isInteger(input.level) || input.level < 1 || input.level > 5) {
    throw new AppError("invalid_input", "请选择 1 到 5 级评价", { level: "请选择 1 到 5 级评价" });
  }
  const reasons = [...new Set(input.reasons ?? [])];
  const unknown = reasons.find((r) => !(EVALUATION_REASONS as readonly string[]).includes(r));
  if (unknown) throw new AppError("invalid_input", undefined, { reasons: `没有“${unknown}”这个原因，请重新选择` });
  if (input.level <= 2 && reasons.length === 0) {
    throw new AppError("invalid_input", "请选择不满意的原因", { reasons: "请至少选择一个不满意的原因" });
  }
  const comment = input.comment?.trim() || null;
  if (comment && comment.length > 500)
    throw new AppError("invalid_input", undefined, { comment: "意见不能超过 500 个字" });
  return { level: input.level, reasons, comment };
}

/**
 * Insert one rating; the unique indexes keep it to one per case and stage (or per ticket for a
 * pad's visit rating). A level of 2 or less opens a follow-up due in 15 working days.
 */
export async function insertEvaluation(
  tx: Tx,
  input: {
    hallId: number;
    caseId: number | null;
    ticketId: number | null;
    stage: EvaluationStage;
    rating: ReturnType<typeof checkRating>;
    actorId?: number | null;
    actorName: string;
    objectId: string;
    at?: Date;
  },
) {
  const at = input.at ?? new Date();
  const today = shanghaiDate(at);
  const followUpDueDate =
    input.rating.level <= 2
      ? addWorkingDays(today, FOLLOW_UP_WORKING_DAYS, await hallWorkdaysFrom(tx, input.hallId, today))
      : null;
  let id: number;
  try {
    // A savepoint, so that a duplicate does not abort the caller's transaction on PostgreSQL.
    [{ id }] = await tx.transaction((sp) =>
      sp
        .insert(evaluations)
        .values({
          hallId: input.hallId,
          caseId: input.caseId,
          ticketId: input.ticketId,
          stage: input.stage,
          level: input.rating.level,
          reasons: input.rating.reasons,
          comment: input.rating.comment,
          followUpDueDate,
          createdAt: at,
        })
        .returning({ id: evaluations.id }),
    );
  } catch (error) {
    if (uniqueViolation(error) !== null) throw new AppError("already_rated");
    throw error;
  }
  await recordAudit(tx, {
    hallId: input.hallId,
    actorId: input.actorId ?? null,
    actorName: input.actorName,
    action: "evaluation.submit",
    objectType: input.caseId ? "case" : "ticket",
    objectId: input.objectId,
    result: "ok",
    detail: { level: input.rating.level, stage: input.stage, followUpDueDate },
  });
  return { id, followUpDueDate };
}
