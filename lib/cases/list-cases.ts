import "server-only";
import { and, asc, desc, eq, gte, ilike, inArray, lt, lte, or, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { cases, departments, serviceItems, type CaseStatus } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { listColumns, toListItem, type CaseListItem } from "@/lib/cases/case-view";
import { caseScope } from "@/lib/cases/scope";
import { OPEN_STATUSES } from "@/lib/cases/transitions";
import { hallWorkdaysFrom } from "@/lib/cases/working-days";
import { lookupHashes } from "@/lib/crypto";
import { addWorkingDays, shanghaiDate } from "@/lib/time";
import { isValidIdNumber, isValidMobile } from "@/lib/validation/identity";

/** What a search box string finds: a case number, a phone, an ID number (by keyed hash) or a name. */
function searchCondition(q: string): SQL | undefined {
  const text = q.trim();
  if (!text) return undefined;
  if (isValidMobile(text)) return inArray(cases.phoneHash, lookupHashes("phone", text));
  if (isValidIdNumber(text)) return inArray(cases.idNumberHash, lookupHashes("id", text.toUpperCase()));
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return or(ilike(cases.caseNo, like), ilike(cases.applicantName, like));
}

/**
 * The inbox: cases in the actor's scope (a back office its department's, a clerk, manager or admin
 * their hall's), newest first; `due` filters open cases running late (overdue) or due within two
 * working days (soon), soonest first.
 */
export async function listCases(input: {
  actor: Actor;
  status?: CaseStatus;
  due?: "overdue" | "soon";
  q?: string;
  limit?: number;
}): Promise<CaseListItem[]> {
  const scope = caseScope(input.actor);
  const db = await getDb();
  const today = shanghaiDate();
  const isWorkday = await hallWorkdaysFrom(db, input.actor.hallId, today);
  const due =
    input.due === "overdue"
      ? and(inArray(cases.status, OPEN_STATUSES), lt(cases.dueDate, today))
      : input.due === "soon"
        ? and(
            inArray(cases.status, OPEN_STATUSES),
            gte(cases.dueDate, today),
            lte(cases.dueDate, addWorkingDays(today, 2, isWorkday)),
          )
        : undefined;
  const rows = await db
    .select(listColumns)
    .from(cases)
    .innerJoin(serviceItems, eq(serviceItems.id, cases.serviceItemId))
    .innerJoin(departments, eq(departments.id, cases.departmentId))
    .where(and(scope, input.status ? eq(cases.status, input.status) : undefined, due, searchCondition(input.q ?? "")))
    .orderBy(...(input.due ? [asc(cases.dueDate), asc(cases.id)] : [desc(cases.acceptedAt), desc(cases.id)]))
    .limit(Math.min(Math.max(input.limit ?? 100, 1), 500));
  return rows.map((r) => toListItem(r, isWorkday, today));
}
