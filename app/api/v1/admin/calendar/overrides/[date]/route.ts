import { setCalendarOverride } from "@/lib/admin/calendar";
import { calendarAnswer } from "@/lib/admin/calendar-answer";
import { confirmQuery, overrideBody, overridePath } from "@/lib/admin/calendar-schemas";
import { removeCalendarOverride } from "@/lib/admin/remove-calendar-override";
import { requireRole } from "@/lib/auth/session";
import { parse, parseQuery, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ date: string }> };

/** Close or open one day (or change that override). */
export const PUT = route(async (request, context: Context) => {
  const actor = await requireRole("admin");
  const { date } = parse(overridePath, await context.params);
  const body = parse(overrideBody, await readJson(request));
  return calendarAnswer(await setCalendarOverride({ actor, date, ...body }));
});

/** Remove the day's override: the State Council calendar applies again. */
export const DELETE = route(async (request, context: Context) => {
  const actor = await requireRole("admin");
  const { date } = parse(overridePath, await context.params);
  const { confirmAffected } = parseQuery(confirmQuery, request);
  return calendarAnswer(await removeCalendarOverride({ actor, date, confirmAffected }));
});
