import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { cases } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { buildCaseView, selectCaseRow, type CaseView } from "@/lib/cases/case-view";
import { CASE_NOT_FOUND, caseScope } from "@/lib/cases/scope";
import { hallWorkdaysFrom } from "@/lib/cases/working-days";
import { AppError } from "@/lib/errors";
import { shanghaiDate } from "@/lib/time";

/** One case in the actor's scope; outside it the case does not exist (404, not 403). */
export async function getCase(input: { actor: Actor; caseNo: string }): Promise<CaseView> {
  const scope = caseScope(input.actor);
  const db = await getDb();
  const row = await selectCaseRow(db, and(scope, eq(cases.caseNo, input.caseNo)));
  if (!row) throw new AppError("not_found", CASE_NOT_FOUND);
  return buildCaseView(db, row.id, await hallWorkdaysFrom(db, row.hallId, shanghaiDate()));
}
