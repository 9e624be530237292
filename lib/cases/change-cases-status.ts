import "server-only";
import { eq, inArray, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { getDb } from "@/db/client";
import { rowsOf, type Tx } from "@/db/connection";
import { caseEvents, cases, serviceItems, type CaseStatus } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { recordAudits, type AuditEntry } from "@/lib/audit";
import { CASE_NOT_FOUND, caseScope } from "@/lib/cases/scope";
import { stepEffect, type StepParams, type StepState } from "@/lib/cases/step-effects";
import { checkStep, stepRecords } from "@/lib/cases/step-records";
import { hallWorkdays } from "@/lib/cases/working-days";
import { AppError } from "@/lib/errors";
import { addDays, shanghaiDate } from "@/lib/time";

export interface CaseStep {
  caseId: number;
  actor: Actor;
  at: Date;
  params: StepParams;
}

// 60 working days (the longest promise) never span more than about 100 calendar days.
const HORIZON_DAYS = 200;

/**
 * Many status changes at once, e.g. a back-dated year of history: each case's steps in the order
 * given, each checked exactly as `changeCaseStatus` checks one (the actor's scope, else 404; the
 * role for the item's kind, else 403; the transitions table, else its 409 code) and writing what
 * `stepEffect` says, the same as the single operations. The cases are read and locked once, each
 * is changed by a conditional UPDATE (from the status it had to the status its last step leaves), and
 * the events and audit lines go in as multi-row INSERTs. Ready cases get no pickup SMS here (a
 * batch is history, not news); `markReady` sends it.
 */
export async function changeCasesStatusIn(tx: Tx, input: { steps: CaseStep[] }) {
  const { steps } = input;
  if (steps.length === 0) return 0;
  for (const step of steps) caseScope(step.actor);
  const ids = [...new Set(steps.map((s) => s.caseId))];
  const rows: (StepState & {
    id: number;
    hallId: number;
    caseNo: string;
    departmentId: number;
    itemKind: "instant" | "promised";
    pausedFromStatus: CaseStatus | null;
  })[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    rows.push(
      ...(await tx
        .select({
          id: cases.id,
          hallId: cases.hallId,
          caseNo: cases.caseNo,
          departmentId: cases.departmentId,
          itemKind: serviceItems.kind,
          status: cases.status,
          supplementIssuedAt: cases.supplementIssuedAt,
          pausedFromStatus: cases.pausedFromStatus,
          pausedWorkingDays: cases.pausedWorkingDays,
          dueDate: cases.dueDate,
          idNumberHash: cases.idNumberHash,
          materialsList: cases.materialsList,
          materialsReceived: cases.materialsReceived,
          materialsMissing: cases.materialsMissing,
        })
        .from(cases)
        .innerJoin(serviceItems, eq(serviceItems.id, cases.serviceItemId))
        .where(inArray(cases.id, ids.slice(i, i + 1000)))
        .for("update", { of: cases })),
    );
  }
  const byId = new Map(rows.map((r) => [r.id, { row: r, initial: r.status, state: { ...r }, set: {} }]));
  const hallIds = new Set(rows.map((r) => r.hallId));
  if (hallIds.size > 1) throw new AppError("forbidden");
  const days = steps.map((s) => shanghaiDate(s.at)).sort();
  const isWorkday = rows.length
    ? await hallWorkdays(tx, {
        hallId: rows[0].hallId,
        from: addDays(days[0], -HORIZON_DAYS),
        to: addDays(days[days.length - 1], HORIZON_DAYS),
      })
    : () => true;

  const events: (typeof caseEvents.$inferInsert)[] = [];
  const audits: AuditEntry[] = [];
  for (const step of steps) {
    const { actor, at, params } = step;
    const { action } = params;
    const entry = byId.get(step.caseId);
    if (
      !entry ||
      entry.row.hallId !== actor.hallId ||
      (actor.role === "backoffice" && entry.row.departmentId !== actor.departmentId)
    ) {
      throw new AppError("not_found", CASE_NOT_FOUND);
    }
    const { row, state } = entry;
    const to = checkStep(action, actor, row.itemKind, state);
    const prepared = stepEffect(params, state, { actor, at, isWorkday });
    const records = stepRecords({ action, actor, at, row, from: state.status, to, prepared });
    events.push(...records.events);
    audits.push(records.audit);
    entry.set = { ...entry.set, ...prepared.set };
    Object.assign(state, prepared.set ?? {}, { status: to });
  }

  // One conditional UPDATE per group of cases that change the same columns (a year of history has
  // a handful of shapes: instant, promised, with 补正, …), each from a JSON record set: a year of
  // cases in a few statements instead of one round trip per case.
  const groups = new Map<string, { id: number; initial: CaseStatus; values: Record<string, unknown> }[]>();
  for (const { row, initial, state, set } of byId.values()) {
    const values: Record<string, unknown> = { status: state.status };
    for (const [key, value] of Object.entries(set)) if (value !== undefined) values[key] = value;
    if (state.status === initial && Object.keys(values).length === 1) continue;
    const shape = Object.keys(values).sort().join(",");
    groups.set(shape, [...(groups.get(shape) ?? []), { id: row.id, initial, values }]);
  }
  for (const [shape, members] of groups) {
    const keys = shape.split(",") as (keyof typeof cases.$inferInsert)[];
    const columns = keys.map((key) => {
      const column = cases[key as keyof typeof cases] as unknown as PgColumn;
      return { key, name: column.name, type: column.getSQLType() };
    });
    for (let i = 0; i < members.length; i += 1000) {
      const chunk = members.slice(i, i + 1000);
      const records = chunk.map((m) => {
        const record: Record<string, unknown> = { id: m.id, initial: m.initial };
        for (const c of columns) record[c.name] = m.values[c.key];
        return record;
      });
      const updated = rowsOf<{ id: number }>(
        await tx.execute(sql`
          update cases set ${sql.join(
            columns.map((c) => sql`${sql.identifier(c.name)} = v.${sql.identifier(c.name)}`),
            sql`, `,
          )}
          from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as v(id integer, initial text, ${sql.join(
            columns.map((c) => sql`${sql.identifier(c.name)} ${sql.raw(c.type)}`),
            sql`, `,
          )})
          where cases.id = v.id and cases.status = v.initial
          returning cases.id`),
      );
      if (updated.length !== chunk.length) throw new AppError("conflict");
    }
  }
  for (let i = 0; i < events.length; i += 1000) await tx.insert(caseEvents).values(events.slice(i, i + 1000));
  await recordAudits(tx, audits);
  return steps.length;
}

/** The batch in its own transaction (the caller's, as a savepoint, when `tx` is given). */
export async function changeCasesStatus(input: { steps: CaseStep[]; tx?: Tx }): Promise<number> {
  const work = (tx: Tx) => changeCasesStatusIn(tx, input);
  return input.tx ? input.tx.transaction(work) : (await getDb()).transaction(work);
}
