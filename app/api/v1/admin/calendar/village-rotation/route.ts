import { calendarAnswer } from "@/lib/admin/calendar-answer";
import { villageRotationBody } from "@/lib/admin/calendar-schemas";
import { setVillageRotation } from "@/lib/admin/set-village-rotation";
import { requireRole } from "@/lib/auth/session";
import { parse, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const PUT = route(async (request) => {
  const actor = await requireRole("admin");
  const body = parse(villageRotationBody, await readJson(request));
  return calendarAnswer(await setVillageRotation({ actor, ...body }));
});
