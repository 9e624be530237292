import "server-only";
import type { Tx } from "@/db/connection";
import type { Actor } from "@/lib/auth/actor";
import type { CaseView } from "@/lib/cases/case-view";
import { changeCaseStatus } from "@/lib/cases/change-status";

/** The back office takes a new case into work (accepted → processing). */
export function takeCase(input: { actor: Actor; caseNo: string; at?: Date; tx?: Tx }): Promise<CaseView> {
  return changeCaseStatus({
    ...input,
    action: "take",
    params: { action: "take" },
  });
}
