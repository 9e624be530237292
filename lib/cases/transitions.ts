import type { CaseStatus, StaffRole } from "@/db/schema";

// The one table of allowed status changes of a case (办件), with who may make each and the error
// code of each refusal. Operations apply a change as one conditional UPDATE … WHERE status = ANY(from);
// no row back means the case was not in a `from` status, answered with `refusalOf`.

export type CaseAction =
  "take" | "supplement-notice" | "supplement-received" | "approve" | "reject" | "ready" | "deliver" | "finish";

export type ItemKind = "instant" | "promised";

export interface Transition {
  from: readonly CaseStatus[];
  /** `paused_from` = back to the status the case had before the 补正 notice. */
  to: CaseStatus | "paused_from";
  /** Who may, per kind of item: 即办件 are the window's to decide, 承诺件 the back office's. */
  roles: Record<ItemKind, readonly StaffRole[]>;
}

const both = (roles: readonly StaffRole[]) => ({ instant: roles, promised: roles });

export const TRANSITIONS: Record<CaseAction, Transition> = {
  take: { from: ["accepted"], to: "processing", roles: both(["backoffice"]) },
  // The notice may come from the window at intake or from the back office while it works the case.
  "supplement-notice": {
    from: ["accepted", "processing"],
    to: "needs_supplement",
    roles: both(["clerk", "backoffice"]),
  },
  // The materials are brought to the window (or sent to the back office).
  "supplement-received": { from: ["needs_supplement"], to: "paused_from", roles: both(["clerk", "backoffice"]) },
  approve: {
    from: ["accepted", "processing"],
    to: "approved",
    roles: { instant: ["clerk", "backoffice"], promised: ["backoffice"] },
  },
  reject: {
    from: ["accepted", "processing"],
    to: "rejected",
    roles: { instant: ["clerk", "backoffice"], promised: ["backoffice"] },
  },
  ready: {
    from: ["approved", "rejected"],
    to: "ready",
    roles: { instant: ["clerk", "backoffice"], promised: ["backoffice"] },
  },
  // 统一出件: results are handed out at the window only.
  deliver: { from: ["ready"], to: "delivered", roles: both(["clerk"]) },
  // 即办件 finished on the spot: approved and delivered in one step.
  finish: { from: ["accepted"], to: "delivered", roles: { instant: ["clerk"], promised: [] } },
};

export type Refusal = "case_state" | "supplement_once" | "forbidden";

/**
 * Why `action` is refused for a case in `status` (null when it is allowed). The 补正 notice is
 * one-time by law: once issued, a second one is `supplement_once` whatever the status.
 */
export function refusalOf(
  action: CaseAction,
  status: CaseStatus,
  facts: { supplementIssued: boolean } = { supplementIssued: false },
): "case_state" | "supplement_once" | null {
  if (action === "supplement-notice" && facts.supplementIssued) return "supplement_once";
  return TRANSITIONS[action].from.includes(status) ? null : "case_state";
}

/** May this role take this action on an item of this kind? */
export function isAllowedRole(action: CaseAction, kind: ItemKind, role: StaffRole): boolean {
  return TRANSITIONS[action].roles[kind].includes(role);
}

/** Open cases run the working-day clock (needs_supplement pauses it). */
export const OPEN_STATUSES = ["accepted", "processing"] as const satisfies readonly CaseStatus[];
