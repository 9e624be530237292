import "server-only";
import type { Tx } from "@/db/connection";
import type { Actor } from "@/lib/auth/actor";
import type { CaseView } from "@/lib/cases/case-view";
import { changeCaseStatus } from "@/lib/cases/change-status";

/**
 * 补正告知: the one-time notice of missing materials, as data — the exact materials from the
 * item's list plus a note. The case waits (needs_supplement) and its working-day clock stops. A
 * second notice on the same case is refused with 409 supplement_once.
 */
export function issueSupplementNotice(input: {
  actor: Actor;
  caseNo: string;
  missing: string[];
  note: string;
  at?: Date;
  tx?: Tx;
}): Promise<CaseView> {
  return changeCaseStatus({
    ...input,
    action: "supplement-notice",
    params: { action: "supplement-notice", missing: input.missing, note: input.note },
  });
}
