import { calendarAnswer } from "@/lib/admin/calendar-answer";
import { openingHoursBody } from "@/lib/admin/calendar-schemas";
import { setOpeningHours } from "@/lib/admin/set-opening-hours";
import { requireRole } from "@/lib/auth/session";
import { parse, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const PUT = route(async (request) => {
  const actor = await requireRole("admin");
  const body = parse(openingHoursBody, await readJson(request));
  return calendarAnswer(await setOpeningHours({ actor, ...body }));
});
