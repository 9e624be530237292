import "server-only";
import type { Tx } from "@/db/connection";
import type { Actor } from "@/lib/auth/actor";
import type { CaseView } from "@/lib/cases/case-view";
import { changeCaseStatus } from "@/lib/cases/change-status";
import { AppError } from "@/lib/errors";

/**
 * Approve or reject with a written opinion: the back office for 承诺件, the window for 即办件.
 * Two people deciding at once: the row lock and the conditional UPDATE let one win, the other 409.
 */
export async function decideCase(input: {
  actor: Actor;
  caseNo: string;
  result: "approved" | "rejected";
  opinion: string;
  at?: Date;
  tx?: Tx;
}): Promise<CaseView> {
  const opinion = input.opinion.trim();
  if (!opinion) throw new AppError("invalid_input", "请填写审批意见", { opinion: "请填写审批意见" });
  return changeCaseStatus({
    ...input,
    action: input.result === "approved" ? "approve" : "reject",
    params: { action: input.result === "approved" ? "approve" : "reject", opinion },
  });
}
