import "server-only";
import { and, eq, inArray, isNull, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import type { Tx } from "@/db/connection";
import { caseEvents, cases, type CaseStatus } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit";
import { buildCaseView, selectCaseRow, type CaseRow, type CaseView } from "@/lib/cases/case-view";
import { CASE_NOT_FOUND, caseScope } from "@/lib/cases/scope";
import { checkStep, stepRecords, type StepEvent } from "@/lib/cases/step-records";
import { refusalOf, TRANSITIONS, type CaseAction } from "@/lib/cases/transitions";
import { hallWorkdaysFrom, type IsWorkday } from "@/lib/cases/working-days";
import { AppError } from "@/lib/errors";
import { stepEffect, type StepParams } from "@/lib/cases/step-effects";
import { shanghaiDate } from "@/lib/time";

export interface ChangeContext {
  tx: Tx;
  row: CaseRow;
  at: Date;
  isWorkday: IsWorkday;
}

export interface PreparedChange {
  set?: Partial<typeof cases.$inferInsert>;
  /** Extra conditions of the conditional UPDATE (e.g. the 补正 notice not issued yet). */
  where?: SQL;
  note?: string | null;
  /** Events to record instead of the one `{kind: action, from, to}` (e.g. approved + delivered). */
  events?: StepEvent[];
  detail?: Record<string, unknown>;
}

/**
 * One status change from the transitions table: the case is read in the actor's scope (404
 * outside it), the role checked for the item's kind (403), then one conditional
 * `UPDATE … WHERE id = $id AND status = ANY($from)`; no row back is a 409 with the table's code.
 * The timeline event and the audit line are written in the same transaction.
 */
export async function changeCaseStatus(input: {
  actor: Actor;
  caseNo: string;
  action: CaseAction;
  at?: Date;
  /**
   * Domain-only: run inside the caller's transaction (as a savepoint), e.g. the demo loading a
   * back-dated year through these very operations. Inside a transaction only `tx` may be used.
   */
  tx?: Tx;
  /** What the step writes besides the status, from the one place for it (lib/cases/step-effects). */
  params?: StepParams;
  prepare?: (ctx: ChangeContext) => PreparedChange | Promise<PreparedChange>;
  after?: (ctx: ChangeContext & { to: CaseStatus }) => Promise<void>;
}): Promise<CaseView> {
  const { actor, action } = input;
  const scope = caseScope(actor);
  const at = input.at ?? new Date();
  const work = async (tx: Tx) => {
    const row = await selectCaseRow(tx, and(scope, eq(cases.caseNo, input.caseNo)), { lock: true });
    if (!row) throw new AppError("not_found", CASE_NOT_FOUND);
    // The row is locked, so its status is the one the UPDATE will see; the conditional UPDATE below
    // still enforces the table on its own.
    const to = checkStep(action, actor, row.itemKind, row);
    const isWorkday = await hallWorkdaysFrom(tx, row.hallId, shanghaiDate(at));
    const ctx: ChangeContext = { tx, row, at, isWorkday };
    const prepared: PreparedChange = {
      ...(input.params ? stepEffect(input.params, row, { actor, at, isWorkday }) : {}),
      ...(await input.prepare?.(ctx)),
    };
    const updated = await tx
      .update(cases)
      .set({ ...prepared.set, status: to })
      .where(
        and(
          eq(cases.id, row.id),
          inArray(cases.status, [...TRANSITIONS[action].from]),
          // The 补正 notice is one-time by law.
          action === "supplement-notice" ? isNull(cases.supplementIssuedAt) : undefined,
          prepared.where,
        ),
      )
      .returning({ id: cases.id });
    if (updated.length === 0) {
      const [fresh] = await tx
        .select({ status: cases.status, supplementIssuedAt: cases.supplementIssuedAt })
        .from(cases)
        .where(eq(cases.id, row.id));
      throw new AppError(
        refusalOf(action, fresh.status, { supplementIssued: fresh.supplementIssuedAt !== null }) ?? "conflict",
      );
    }
    const records = stepRecords({ action, actor, at, row, from: row.status, to, prepared });
    await tx.insert(caseEvents).values(records.events);
    await recordAudit(tx, records.audit);
    await input.after?.({ ...ctx, to });
    return buildCaseView(tx, row.id, isWorkday);
  };
  return input.tx ? input.tx.transaction(work) : (await getDb()).transaction(work);
}
