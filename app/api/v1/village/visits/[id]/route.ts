import { requireRole } from "@/lib/auth/session";
import { json, parse, route } from "@/lib/http";
import { getVillageDay } from "@/lib/village";
import { visitIdPath } from "@/lib/village/schemas";

export const dynamic = "force-dynamic";

/** GET /api/v1/village/visits/{id} — the day to take along: visit, bookings, items, rules. */
export const GET = route(async (_request, context: { params: Promise<{ id: string }> }) => {
  const actor = await requireRole("clerk");
  const { id } = parse(visitIdPath, await context.params);
  return json(await getVillageDay({ actor, visitId: id }), { headers: { "cache-control": "no-store" } });
});
