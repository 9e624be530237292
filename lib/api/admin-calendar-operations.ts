import { z } from "zod";
import {
  confirmQuery,
  openingHoursBody,
  overrideBody,
  overridePath,
  villageRotationBody,
  weekendPostBody,
  weekendPostPath,
} from "@/lib/admin/calendar-schemas";
import { displayNoticeBody, updateQueueBody, updateWindowBody } from "@/lib/admin/window-schemas";
import { defineOperation, type OperationSpec } from "@/lib/api/registry";
import { component } from "@/lib/api/components";
import { adminQueueSchema } from "@/lib/api/responses";
import { windowPath } from "@/lib/api/schemas";

// The admin's windows, queues, TV notice and calendars (issue #12), appended to lib/api/operations.ts.

const DB = "unavailable" as const;

const calendarChangeSchema = component(
  "CalendarChange",
  z.object({
    status: z.literal("saved"),
    affected: z.number().int().describe("Bookings cancelled or moved (cancelled + moved)"),
    cancelled: z.number().int(),
    moved: z.number().int(),
    waitlist: z.number().int().describe("Waitlist entries closed"),
  }),
);

const CONFIRM =
  " A change that would cancel or move bookings answers 409 `confirmation_required` with the count (in `fields.confirmAffected`) and saves nothing; sent again with `confirmAffected` equal to that count it is saved, each booking cancelled (or told its new place) with one SMS, in one transaction with the audit line. A booking made in between changes the count and asks again.";

const calendar = (
  op: Omit<OperationSpec, "tags" | "access" | "responses" | "errors"> & { errors?: OperationSpec["errors"] },
) =>
  defineOperation({
    ...op,
    description: `${op.description ?? ""}${CONFIRM}`.trim(),
    tags: ["admin"],
    access: ["admin"],
    responses: { 200: { description: "Saved, with what it did to bookings", schema: calendarChangeSchema } },
    errors: ["confirmation_required", ...(op.errors ?? []), DB],
  });

export const adminCalendarOperations: readonly OperationSpec[] = [
  defineOperation({
    method: "patch",
    path: "/api/v1/admin/windows/{id}",
    operationId: "updateWindow",
    summary: "Change a window of the admin's hall: name, queues called, open or closed today",
    description:
      "A window closed today calls nobody (call-next answers 409). Kiosks and TVs get the new state at once through the queue stream; audited as window.update. 404 for a window of another hall; 422 for a queue the hall does not have.",
    tags: ["admin"],
    access: ["admin"],
    params: { path: windowPath },
    body: { schema: updateWindowBody, required: true },
    responses: {
      200: {
        description: "The window",
        schema: z.object({
          id: z.number().int(),
          number: z.number().int(),
          name: z.string(),
          queues: z.array(z.string()),
          isOpenToday: z.boolean(),
        }),
      },
    },
    errors: ["not_found", DB],
  }),
  defineOperation({
    method: "patch",
    path: "/api/v1/admin/queues/{id}",
    operationId: "updateQueue",
    summary: "Change a queue of the admin's hall: name, daily cap, items moved to it",
    description:
      "`items` (item codes of the hall) move to this queue from theirs. Kiosks and TVs get the new state at once; audited as queue.update. 404 for a queue of another hall; 422 for an unknown item code.",
    tags: ["admin"],
    access: ["admin"],
    params: { path: windowPath },
    body: { schema: updateQueueBody, required: true },
    responses: {
      200: {
        description: "The queue, with how many items were moved to it",
        schema: adminQueueSchema.extend({ items: z.number().int() }),
      },
    },
    errors: ["not_found", DB],
  }),
  defineOperation({
    method: "put",
    path: "/api/v1/admin/display-notice",
    operationId: "setDisplayNotice",
    summary: "Set the TV's scrolling notice of the admin's hall",
    description: "Empty gives the default notice back. Every TV shows it at once; audited as display.set_notice.",
    tags: ["admin"],
    access: ["admin"],
    body: { schema: displayNoticeBody, required: true },
    responses: {
      200: { description: "The notice (null: the default)", schema: z.object({ notice: z.string().nullable() }) },
    },
    errors: [DB],
  }),
  calendar({
    method: "put",
    path: "/api/v1/admin/calendar/hours",
    operationId: "setOpeningHours",
    summary: "Set the opening hours and lunch break of the given weekdays, from tomorrow on",
    description: "Window slots outside the new hours are withdrawn; new ones are made at once.",
    body: { schema: openingHoursBody, required: true },
  }),
  calendar({
    method: "put",
    path: "/api/v1/admin/calendar/weekend-posts/{weekday}",
    operationId: "setWeekendPost",
    summary: "Set (or with `post: null` call off) the weekend-post pattern of Saturday (6) or Sunday (7)",
    description: "Every such day from tomorrow on that is neither a holiday nor a make-up working day follows at once.",
    params: { path: weekendPostPath },
    body: { schema: weekendPostBody, required: true },
  }),
  calendar({
    method: "put",
    path: "/api/v1/admin/calendar/village-rotation",
    operationId: "setVillageRotation",
    summary: "Set the village-visit rotation (weekday, hours, villages in order, themes in turn, staff) from a date on",
    description:
      "`startsOn` is tomorrow or later. Visit days from then on are brought in line: a day keeping its village is updated, one getting another village cancels its visit.",
    body: { schema: villageRotationBody, required: true },
  }),
  calendar({
    method: "put",
    path: "/api/v1/admin/calendar/overrides/{date}",
    operationId: "setCalendarOverride",
    summary: "Close a working day or open a closed one (or change that override), with the reason villagers see",
    params: { path: overridePath },
    body: { schema: overrideBody, required: true },
  }),
  calendar({
    method: "delete",
    path: "/api/v1/admin/calendar/overrides/{date}",
    operationId: "removeCalendarOverride",
    summary: "Remove a day's override: the State Council calendar applies again",
    description:
      "404 when the day has no override; 422 for a day in the past (history is not rewritten). `confirmAffected` goes in the query.",
    params: { path: overridePath, query: confirmQuery },
    errors: ["invalid_input", "not_found"],
  }),
];
