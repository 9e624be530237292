import "server-only";
import type { Tx } from "@/db/connection";
import type { Actor } from "@/lib/auth/actor";
import type { CaseView } from "@/lib/cases/case-view";
import { changeCaseStatus } from "@/lib/cases/change-status";

/**
 * The missing materials came in: the case returns to the status it paused from, and its due date
 * moves by the working days it waited (the clock stood still while it waited).
 */
export function receiveSupplement(input: { actor: Actor; caseNo: string; at?: Date; tx?: Tx }): Promise<CaseView> {
  return changeCaseStatus({
    ...input,
    action: "supplement-received",
    params: { action: "supplement-received" },
  });
}
