import "server-only";
import type { CalendarChangeResult } from "@/lib/admin/calendar-change";
import { AppError } from "@/lib/errors";
import { json } from "@/lib/http";

/**
 * A calendar change as the API answers it: 200 with what was cancelled and moved, or 409
 * `confirmation_required` naming the count — send the same body again with `confirmAffected` set to it.
 */
export function calendarAnswer(result: CalendarChangeResult): Response {
  if (result.status === "needs_confirmation")
    throw new AppError(
      "confirmation_required",
      `此项修改将取消或改动 ${result.affected} 个已有预约，并逐一短信通知；确认请带 confirmAffected: ${result.affected} 再提交`,
      { confirmAffected: String(result.affected) },
    );
  return json(result);
}
