import { describe, expect, it } from "vitest";
import { CASE_STATUSES, type CaseStatus } from "@/db/schema";
import { isAllowedRole, refusalOf, TRANSITIONS, type CaseAction } from "@/lib/cases/transitions";

// The state machine of a case, written out in full: every action from every status is either
// allowed (and listed here) or refused with its error code.
const ALLOWED: Record<CaseAction, CaseStatus[]> = {
  take: ["accepted"],
  "supplement-notice": ["accepted", "processing"],
  "supplement-received": ["needs_supplement"],
  approve: ["accepted", "processing"],
  reject: ["accepted", "processing"],
  ready: ["approved", "rejected"],
  deliver: ["ready"],
  finish: ["accepted"],
};

const TARGET: Record<CaseAction, CaseStatus | "paused_from"> = {
  take: "processing",
  "supplement-notice": "needs_supplement",
  "supplement-received": "paused_from",
  approve: "approved",
  reject: "rejected",
  ready: "ready",
  deliver: "delivered",
  finish: "delivered",
};

const actions = Object.keys(ALLOWED) as CaseAction[];

describe("case transitions", () => {
  it("cover every action and lead where the lifecycle says", () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...actions].sort());
    for (const action of actions) expect(TRANSITIONS[action].to, action).toBe(TARGET[action]);
  });

  for (const action of actions) {
    for (const status of CASE_STATUSES) {
      const allowed = ALLOWED[action].includes(status);
      it(`${action} from ${status}: ${allowed ? "allowed" : "409 case_state"}`, () => {
        expect(refusalOf(action, status, { supplementIssued: false })).toBe(allowed ? null : "case_state");
      });
    }
  }

  it("refuse a second 补正 notice with supplement_once, from any status", () => {
    for (const status of CASE_STATUSES) {
      expect(refusalOf("supplement-notice", status, { supplementIssued: true }), status).toBe("supplement_once");
    }
    // The notice does not block anything else.
    expect(refusalOf("supplement-received", "needs_supplement", { supplementIssued: true })).toBeNull();
    expect(refusalOf("approve", "processing", { supplementIssued: true })).toBeNull();
  });

  it("are terminal in delivered and not_accepted", () => {
    for (const action of actions) {
      expect(refusalOf(action, "delivered")).toBe("case_state");
      expect(refusalOf(action, "not_accepted")).toBe("case_state");
    }
  });

  it("let the back office decide promised items and the window instant ones", () => {
    expect(isAllowedRole("approve", "promised", "backoffice")).toBe(true);
    expect(isAllowedRole("approve", "promised", "clerk")).toBe(false);
    expect(isAllowedRole("reject", "promised", "clerk")).toBe(false);
    expect(isAllowedRole("ready", "promised", "clerk")).toBe(false);
    expect(isAllowedRole("approve", "instant", "clerk")).toBe(true);
    expect(isAllowedRole("finish", "instant", "clerk")).toBe(true);
    expect(isAllowedRole("finish", "promised", "clerk")).toBe(false);
    expect(isAllowedRole("deliver", "promised", "clerk")).toBe(true);
    expect(isAllowedRole("deliver", "promised", "backoffice")).toBe(false);
    expect(isAllowedRole("take", "promised", "clerk")).toBe(false);
  });

  it("give devices and read-only roles no change at all", () => {
    for (const action of actions) {
      for (const kind of ["instant", "promised"] as const) {
        for (const role of ["pad", "kiosk", "display", "manager", "admin"] as const) {
          expect(isAllowedRole(action, kind, role), `${action} ${kind} ${role}`).toBe(false);
        }
      }
    }
  });
});
