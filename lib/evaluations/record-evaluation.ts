import "server-only";
import { uniqueViolation } from "@/db/errors";
import type { Tx } from "@/db/connection";
import { evaluations, type EvaluationStage } from "@/db/schema";
import { recordAudits } from "@/lib/audit";
import { hallWorkdays } from "@/lib/cases/working-days";
import { AppError } from "@/lib/errors";
import { EVALUATION_REASONS, FOLLOW_UP_WORKING_DAYS } from "@/lib/evaluations/labels";
import { addDays, addWorkingDays, shanghaiDate } from "@/lib/time";

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

export interface EvaluationRow {
  hallId: number;
  caseId: number | null;
  ticketId: number | null;
  stage: EvaluationStage;
  rating: ReturnType<typeof checkRating>;
  actorId?: number | null;
  actorName: string;
  objectId: string;
  at?: Date;
  /** Domain-only, for back-dated history: the follow-up of a poor rating already closed. */
  closed?: { at: Date; by: number; callbackNote: string; change: string };
}

/**
 * Insert one rating; the unique indexes keep it to one per case and stage (or per ticket for a
 * pad's visit rating). A level of 2 or less opens a follow-up due in 15 working days.
 */
export async function insertEvaluation(tx: Tx, input: EvaluationRow) {
  const [one] = await insertEvaluations(tx, [input]);
  return one;
}

/**
 * Many ratings by the same rules, as multi-row INSERTs (one savepoint per chunk): the follow-up
 * due dates on the hall's working days, one audit line each; a duplicate is `already_rated`.
 */
export async function insertEvaluations(tx: Tx, inputs: EvaluationRow[]) {
  if (inputs.length === 0) return [];
  const hallId = inputs[0].hallId;
  if (inputs.some((i) => i.hallId !== hallId)) throw new AppError("forbidden");
  const withDays = inputs.map((input) => {
    const at = input.at ?? new Date();
    return { input, at, today: shanghaiDate(at) };
  });
  const days = withDays
    .filter((w) => w.input.rating.level <= 2)
    .map((w) => w.today)
    .sort();
  const isWorkday =
    days.length > 0
      ? await hallWorkdays(tx, { hallId, from: days[0], to: addDays(days[days.length - 1], 60) })
      : () => true;
  const rows = withDays.map(({ input, at, today }) => ({
    input,
    followUpDueDate: input.rating.level <= 2 ? addWorkingDays(today, FOLLOW_UP_WORKING_DAYS, isWorkday) : null,
    values: {
      hallId: input.hallId,
      caseId: input.caseId,
      ticketId: input.ticketId,
      stage: input.stage,
      level: input.rating.level,
      reasons: input.rating.reasons,
      comment: input.rating.comment,
      createdAt: at,
    },
  }));
  const out: { id: number; followUpDueDate: string | null }[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    let ids: { id: number }[];
    try {
      // A savepoint, so that a duplicate does not abort the caller's transaction on PostgreSQL.
      ids = await tx.transaction((sp) =>
        sp
          .insert(evaluations)
          .values(
            chunk.map((r) => ({
              ...r.values,
              followUpDueDate: r.followUpDueDate,
              ...(r.input.closed && r.followUpDueDate
                ? {
                    callbackAt: r.input.closed.at,
                    callbackBy: r.input.closed.by,
                    callbackNote: r.input.closed.callbackNote,
                    change: r.input.closed.change,
                  }
                : {}),
            })),
          )
          .returning({ id: evaluations.id }),
      );
    } catch (error) {
      if (uniqueViolation(error) !== null) throw new AppError("already_rated");
      throw error;
    }
    chunk.forEach((r, n) => out.push({ id: ids[n].id, followUpDueDate: r.followUpDueDate }));
  }
  await recordAudits(
    tx,
    rows.map((r) => ({
      hallId: r.input.hallId,
      actorId: r.input.actorId ?? null,
      actorName: r.input.actorName,
      action: "evaluation.submit",
      objectType: r.input.caseId ? "case" : "ticket",
      objectId: r.input.objectId,
      result: "ok" as const,
      detail: { level: r.input.rating.level, stage: r.input.stage, followUpDueDate: r.followUpDueDate },
    })),
  );
  return out;
}
