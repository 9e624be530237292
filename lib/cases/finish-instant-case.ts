import "server-only";
import type { Tx } from "@/db/connection";
import type { Actor } from "@/lib/auth/actor";
import type { CaseView } from "@/lib/cases/case-view";
import { changeCaseStatus } from "@/lib/cases/change-status";

/** 即办件 finished on the spot: approved and delivered at the window in one step, both events recorded. */
export function finishInstantCase(input: {
  actor: Actor;
  caseNo: string;
  opinion?: string;
  at?: Date;
  tx?: Tx;
}): Promise<CaseView> {
  return changeCaseStatus({
    ...input,
    action: "finish",
    params: { action: "finish", opinion: input.opinion },
  });
}
