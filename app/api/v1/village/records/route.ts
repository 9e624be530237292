import { requireRole } from "@/lib/auth/session";
import { json, parse, readJson, route } from "@/lib/http";
import { syncVillageRecord } from "@/lib/village";
import { villageRecordBody } from "@/lib/village/schemas";

export const dynamic = "force-dynamic";

/** POST /api/v1/village/records — one record made offline on a village day, applied once. */
export const POST = route(async (request) => {
  const actor = await requireRole("clerk");
  const record = parse(villageRecordBody, await readJson(request));
  return json(await syncVillageRecord({ actor, record }));
});
