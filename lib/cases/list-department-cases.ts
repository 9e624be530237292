import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { cases, departments, serviceItems } from "@/db/schema";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

/**
 * The cases routed to the back-office actor's department: the scope is part of the query, so a
 * back office never reads another department's cases.
 */
export async function listDepartmentCases(input: { actor: Actor; limit?: number }) {
  const { actor } = input;
  assertRole(actor, "backoffice");
  if (!actor.departmentId) throw new AppError("forbidden");
  const db = await getDb();
  const scope = and(eq(cases.hallId, actor.hallId), eq(cases.departmentId, actor.departmentId));
  const [department] = await db
    .select({ name: departments.name })
    .from(departments)
    .where(eq(departments.id, actor.departmentId));
  const [byStatus, recent] = await Promise.all([
    db
      .select({ status: cases.status, count: sql<number>`count(*)::int` })
      .from(cases)
      .where(scope)
      .groupBy(cases.status),
    db
      .select({
        caseNo: cases.caseNo,
        item: serviceItems.name,
        applicant: cases.applicantName,
        phone: cases.phoneMasked,
        status: cases.status,
        acceptedAt: cases.acceptedAt,
        dueDate: cases.dueDate,
      })
      .from(cases)
      .innerJoin(serviceItems, eq(serviceItems.id, cases.serviceItemId))
      .where(scope)
      .orderBy(desc(cases.acceptedAt))
      .limit(input.limit ?? 20),
  ]);
  return { department: department?.name ?? "", byStatus, recent };
}
