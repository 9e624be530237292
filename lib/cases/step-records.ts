import "server-only";
import type { CaseStatus, caseEvents } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import type { AuditEntry } from "@/lib/audit";
import { isAllowedRole, refusalOf, TRANSITIONS, type CaseAction, type ItemKind } from "@/lib/cases/transitions";
import { AppError } from "@/lib/errors";

// What one case step checks and writes, shared by the single operation (changeCaseStatus) and the
// batch (changeCasesStatusIn), so that the two cannot drift apart.

export const EVENT_KIND: Record<CaseAction, string> = {
  take: "taken",
  "supplement-notice": "supplement_requested",
  "supplement-received": "supplemented",
  approve: "approved",
  reject: "rejected",
  ready: "ready",
  deliver: "delivered",
  finish: "delivered",
};

export interface StepEvent {
  kind: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  note?: string | null;
}

/**
 * The role for the item's kind (403) and the transitions table (its 409 code), for a case in
 * `state`; returns the status the step leaves the case in.
 */
export function checkStep(
  action: CaseAction,
  actor: Actor,
  itemKind: ItemKind,
  state: { status: CaseStatus; supplementIssuedAt: Date | null; pausedFromStatus: CaseStatus | null },
): CaseStatus {
  if (!isAllowedRole(action, itemKind, actor.role)) {
    throw new AppError(
      "forbidden",
      itemKind === "promised" ? "承诺件由后台科室审批办理，窗口不能进行此操作" : undefined,
    );
  }
  const refusal = refusalOf(action, state.status, { supplementIssued: state.supplementIssuedAt !== null });
  if (refusal) throw new AppError(refusal);
  const transition = TRANSITIONS[action];
  return transition.to === "paused_from" ? (state.pausedFromStatus ?? "accepted") : transition.to;
}

/** The timeline events (a millisecond apart, to keep their order) and the audit line of one step. */
export function stepRecords(input: {
  action: CaseAction;
  actor: Actor;
  at: Date;
  row: { id: number; hallId: number; caseNo: string };
  from: CaseStatus;
  to: CaseStatus;
  prepared: { events?: StepEvent[]; note?: string | null; detail?: Record<string, unknown> };
}): { events: (typeof caseEvents.$inferInsert)[]; audit: AuditEntry } {
  const { action, actor, at, row, from, to, prepared } = input;
  const events = prepared.events ?? [{ kind: EVENT_KIND[action], fromStatus: from, toStatus: to, note: prepared.note }];
  return {
    events: events.map((e, i) => ({
      hallId: row.hallId,
      caseId: row.id,
      at: new Date(at.getTime() + i),
      actorId: actor.id,
      kind: e.kind,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      note: e.note ?? null,
    })),
    audit: {
      hallId: row.hallId,
      actorId: actor.id,
      actorName: actor.name,
      action: `case.${action}`,
      objectType: "case",
      objectId: row.caseNo,
      result: "ok",
      detail: { from, to, ...prepared.detail },
    },
  };
}
