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
  const opinion = input.opinion?.trim() || "即办件，当场办结";
  return changeCaseStatus({
    ...input,
    action: "finish",
    prepare: ({ row, at }) => ({
      set: { opinion, decidedAt: at, deliveredAt: at, deliveryMethod: "window" as const, handlerId: input.actor.id },
      events: [
        { kind: "approved", fromStatus: row.status, toStatus: "approved", note: opinion },
        { kind: "delivered", fromStatus: "approved", toStatus: "delivered", note: "当场办结，窗口送达" },
      ],
    }),
  });
}
