import "server-only";
import { getDb } from "@/db/client";
import type { Tx } from "@/db/connection";
import type { Channel } from "@/db/schema";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { buildCaseView, type CaseView } from "@/lib/cases/case-view";
import { caseLinks } from "@/lib/cases/rating-token";
import { takeInCasesIn } from "@/lib/cases/take-in-cases";
export interface TakeInCaseInput {
  actor: Actor;
  ticketId?: number;
  bookingCode?: string;
  /** The item's code, e.g. RSJ-001. */
  service: string;
  name: string;
  phone: string;
  idNumber?: string;
  materials: { received: string[]; missing: string[] };
  notAcceptedReason?: string;
  /** Domain-only options (not in the API): the clock, for back-dated demo intake… */
  at?: Date;
  /** …inside the caller's transaction (as a savepoint)… */
  tx?: Tx;
  /** …and the channel of a walk-in at a weekend post or a village day, which no booking tells. */
  channel?: Channel;
  villageId?: number;
}

export type TakenInCase = CaseView & { receipt: { trackUrl: string; rateUrl: string } };

/**
 * 受理: a clerk takes in a case at the window. All required materials received → accepted; a
 * required one missing → accepted with the one-time 补正 notice issued at once (needs_supplement);
 * with a reason → not_accepted (不予受理). Every case gets a gapless number of its hall and year in
 * the same transaction, and a timeline from its first event. The batch of one of `takeInCasesIn`:
 * the rules live there only.
 */
export async function takeInCase(input: TakeInCaseInput): Promise<TakenInCase> {
  const { actor, tx: outer, ...item } = input;
  assertRole(actor, "clerk");
  const work = async (tx: Tx) => {
    const { taken, isWorkday } = await takeInCasesIn(tx, { actor, items: [item] });
    return buildCaseView(tx, taken[0].id, isWorkday);
  };
  const created = outer ? await outer.transaction(work) : await (await getDb()).transaction(work);
  return { ...created, receipt: caseLinks(created.caseNo) };
}
