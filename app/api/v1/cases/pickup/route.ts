import { requireRole } from "@/lib/auth/session";
import { findCasesForPickup } from "@/lib/cases";
import { pickupQuery } from "@/lib/cases/schemas";
import { json, parseQuery, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** GET /api/v1/cases/pickup?caseNo=|idNumber= — 统一出件: the hall's cases waiting to be handed out. */
export const GET = route(async (request) => {
  const actor = await requireRole("clerk");
  return json({ cases: await findCasesForPickup({ actor, ...parseQuery(pickupQuery, request) }) });
});
