import "server-only";
import { and, eq, type SQL } from "drizzle-orm";
import { cases } from "@/db/schema";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

/**
 * The cases an actor may see, as a condition for the query's WHERE (invariant 5): a back office
 * its own department's cases of its hall, a clerk, manager or admin its hall's. Devices none.
 */
export function caseScope(actor: Actor): SQL {
  assertRole(actor, "clerk", "backoffice", "manager", "admin");
  if (actor.role === "backoffice") {
    if (!actor.departmentId) throw new AppError("forbidden", "您的账号没有分配科室，请联系管理员");
    return and(eq(cases.hallId, actor.hallId), eq(cases.departmentId, actor.departmentId))!;
  }
  return eq(cases.hallId, actor.hallId);
}

export const CASE_NOT_FOUND = "没有找到这个办件，请核对办件号";
