import { calendarAnswer } from "@/lib/admin/calendar-answer";
import { weekendPostBody, weekendPostPath } from "@/lib/admin/calendar-schemas";
import { setWeekendPost } from "@/lib/admin/set-weekend-post";
import { requireRole } from "@/lib/auth/session";
import { parse, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** The weekend-post pattern of Saturday (6) or Sunday (7); `post: null` calls the posts off. */
export const PUT = route(async (request, context: { params: Promise<{ weekday: string }> }) => {
  const actor = await requireRole("admin");
  const { weekday } = parse(weekendPostPath, await context.params);
  const body = parse(weekendPostBody, await readJson(request));
  return calendarAnswer(await setWeekendPost({ actor, weekday: weekday as 6 | 7, ...body }));
});
