import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { halls } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import type { ReportScope } from "@/lib/reports/types";

/** Which figures are asked for: one hall (by id or code), or every hall of the district together. */
export type ReportScopeRequest =
  { kind: "district" } | { kind: "hall"; hallId: number } | { kind: "hall"; code: string };

// The district role (区级) sees every hall. Compared as a string so this compiles whether or not
// STAFF_ROLES lists it yet.
const DISTRICT_ROLE = "district";
const HALL_ROLES: readonly string[] = ["manager", "admin"];

export function isDistrictActor(actor: Actor): boolean {
  return (actor.role as string) === DISTRICT_ROLE;
}

/**
 * The one authorization of the reports (invariant 5): a hall's manager or admin sees their own hall
 * (another hall is 404, the district 403); the district sees any hall or all of them (its default).
 * Everyone else is 403, nobody 401.
 */
export async function reportScopeFor(
  actor: Actor | null | undefined,
  requested?: ReportScopeRequest,
): Promise<ReportScope> {
  if (!actor) throw new AppError("unauthorized");
  if (actor.mustChangePassword) throw new AppError("password_change_required");
  const district = isDistrictActor(actor);
  if (!district && !HALL_ROLES.includes(actor.role)) throw new AppError("forbidden");

  if (!requested) requested = district ? { kind: "district" } : { kind: "hall", hallId: actor.hallId };
  if (requested.kind === "district") {
    if (!district) throw new AppError("forbidden", "只有区级账号可以查看全区汇总");
    return { kind: "district" };
  }
  const db = await getDb();
  const [hall] = await db
    .select({ id: halls.id, name: halls.name })
    .from(halls)
    .where("hallId" in requested ? eq(halls.id, requested.hallId) : eq(halls.code, requested.code))
    .limit(1);
  // A town's manager learns nothing about other halls, not even whether one exists.
  if (!hall || (!district && hall.id !== actor.hallId)) throw new AppError("not_found", "没有找到这个服务中心");
  return { kind: "hall", hallId: hall.id, hallName: hall.name };
}
