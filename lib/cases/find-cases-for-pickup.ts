import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { cases, departments, serviceItems } from "@/db/schema";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { listColumns, toListItem, type CaseListItem } from "@/lib/cases/case-view";
import { hallWorkdaysFrom } from "@/lib/cases/working-days";
import { lookupHashes } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import { shanghaiDate } from "@/lib/time";

/** 统一出件: the hall's cases waiting to be handed out, by case number or the applicant's ID number. */
export async function findCasesForPickup(input: {
  actor: Actor;
  caseNo?: string;
  idNumber?: string;
}): Promise<CaseListItem[]> {
  const { actor } = input;
  assertRole(actor, "clerk");
  const caseNo = input.caseNo?.trim().toUpperCase();
  const idNumber = input.idNumber?.trim().toUpperCase();
  if (!caseNo && !idNumber) {
    throw new AppError("invalid_input", "请输入办件号或身份证号", { caseNo: "请输入办件号或身份证号" });
  }
  const db = await getDb();
  const today = shanghaiDate();
  const isWorkday = await hallWorkdaysFrom(db, actor.hallId, today);
  const rows = await db
    .select(listColumns)
    .from(cases)
    .innerJoin(serviceItems, eq(serviceItems.id, cases.serviceItemId))
    .innerJoin(departments, eq(departments.id, cases.departmentId))
    .where(
      and(
        eq(cases.hallId, actor.hallId),
        inArray(cases.status, ["ready", "approved", "rejected"]),
        caseNo ? eq(cases.caseNo, caseNo) : undefined,
        idNumber ? inArray(cases.idNumberHash, lookupHashes("id", idNumber)) : undefined,
      ),
    )
    .orderBy(desc(cases.acceptedAt))
    .limit(50);
  return rows.map((r) => toListItem(r, isWorkday, today));
}
