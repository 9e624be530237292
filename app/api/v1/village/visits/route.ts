import { requireRole } from "@/lib/auth/session";
import { json, route } from "@/lib/http";
import { listVillageVisits } from "@/lib/village";

export const dynamic = "force-dynamic";

/** GET /api/v1/village/visits — the hall's village days from today on. */
export const GET = route(async () => {
  const actor = await requireRole("clerk");
  return json({ visits: await listVillageVisits({ actor }) });
});
