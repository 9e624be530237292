import "server-only";
import type { Tx } from "@/db/connection";
import { eq } from "drizzle-orm";
import { halls } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import type { CaseView } from "@/lib/cases/case-view";
import { changeCaseStatus } from "@/lib/cases/change-status";
import { caseLinks } from "@/lib/cases/rating-token";
import { decryptPii } from "@/lib/crypto";
import { enqueueSms } from "@/lib/notify";

/** Ready for pickup (统一出件): the SMS goes to the outbox in the same transaction. */
export function markReady(input: { actor: Actor; caseNo: string; at?: Date; tx?: Tx }): Promise<CaseView> {
  return changeCaseStatus({
    ...input,
    action: "ready",
    params: { action: "ready" },
    after: async ({ tx, row }) => {
      const [hall] = await tx.select({ name: halls.name }).from(halls).where(eq(halls.id, row.hallId));
      await enqueueSms(tx, {
        hallId: row.hallId,
        kind: "case_ready",
        bookingId: null,
        phone: decryptPii(row.phoneEnc),
        body: `您办理的“${row.itemName}”已办结，请携带身份证到${hall.name}综合受理窗口领取，办件号 ${row.caseNo}。办理评价：${caseLinks(row.caseNo).rateUrl}`,
      });
    },
  });
}
