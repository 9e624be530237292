import { z } from "zod";
import { CHANNELS, STAFF_ROLES } from "@/db/schema";
import { component } from "@/lib/api/components";
import { ERROR_CODES, type ErrorCode } from "@/lib/errors";

// Response bodies of the JSON API, as zod schemas: the OpenAPI document is generated from them
// (lib/api/openapi.ts) and the e2e spec validates live answers with them. They describe what the
// domain functions return (BookingView, TicketView, QueueState, …); a field added there belongs here.

const isoDateTime = z.iso.datetime({ offset: true }).meta({ examples: ["2026-03-02T01:30:00.000Z"] });
const date = z.iso.date().meta({ examples: ["2026-03-02"] });
const clock = z
  .string()
  .regex(/^\d{2}:\d{2}$/)
  .meta({ examples: ["09:00"] });
const channel = z.enum(CHANNELS).meta({ description: "window (hall), weekend (weekend post), village (village day)" });

export const problemSchema = component(
  "Problem",
  z
    .object({
      code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]).meta({ description: "Stable error code" }),
      message: z.string().meta({ description: "Chinese, fit to show on screen" }),
      fields: z
        .record(z.string(), z.string())
        .optional()
        .meta({ description: "Per-field messages; `_` for the whole" }),
    })
    .meta({
      description: "application/problem+json: every error of the API",
      examples: [
        {
          code: "invalid_input",
          message: "提交的信息有误，请检查后重试",
          fields: { phone: "请填写正确的 11 位手机号码" },
        },
      ],
    }),
);

export const healthResponse = z.object({ status: z.literal("ok"), db: z.enum(["pglite", "postgres"]) });

const department = z.object({ code: z.string(), name: z.string(), shortName: z.string() });

export const serviceItemSchema = component(
  "ServiceItem",
  z.object({
    code: z.string().meta({ examples: ["YBJ-001"] }),
    name: z.string(),
    department,
    category: z.string(),
    kind: z.enum(["instant", "promised"]).meta({ description: "即办件 (instant) or 承诺件 (promised)" }),
    promisedDays: z.number().int().nullable().meta({ description: "Promised working days (承诺件)" }),
    feeCents: z.number().int().meta({ description: "Fee in fen; 0 is free" }),
    channels: z.array(channel),
    bookable: z.boolean(),
    summary: z.string(),
  }),
);

export const servicesResponse = z.object({
  items: z.array(serviceItemSchema),
  total: z.number().int().meta({ description: "How many matched" }),
});

export const materialSchema = component(
  "Material",
  z.object({
    name: z.string(),
    required: z.boolean(),
    copies: z.string(),
    note: z.string().optional(),
  }),
);

const session = z.object({ date, location: z.string(), start: clock, end: clock });

export const serviceItemDetailSchema = component(
  "ServiceItemDetail",
  serviceItemSchema.extend({
    conditions: z.string(),
    materials: z.array(materialSchema).meta({ description: "The one-time list of materials (一次性告知)" }),
    queue: z.object({ prefix: z.string(), name: z.string() }),
    where: z.object({
      hall: z.object({
        address: z.string(),
        hours: z.array(z.object({ weekday: z.number().int(), morning: z.string(), afternoon: z.string() })),
      }),
      weekend: z.array(session),
      village: z.array(session.extend({ village: z.string(), theme: z.string() })),
    }),
  }),
);

const slotFields = {
  id: z.number().int(),
  channel,
  date,
  start: clock,
  end: clock,
  location: z.string(),
  villageId: z.string().optional(),
  villageName: z.string().optional(),
  theme: z.string().optional(),
};

export const slotSchema = component(
  "Slot",
  z.object({
    ...slotFields,
    capacity: z.number().int().meta({ description: "Seats bookable online" }),
    remaining: z.number().int(),
  }),
);

export const availabilityResponse = z.object({ slots: z.array(slotSchema) });

export const bookingSchema = component(
  "Booking",
  z.object({
    code: z.string().meta({ examples: ["7KQ3MP"] }),
    status: z.enum(["confirmed", "cancelled", "checked_in", "no_show", "completed"]),
    service: z.object({ code: z.string(), name: z.string() }),
    slot: z.object(slotFields),
    name: z.string(),
    phone: z.string().meta({ description: "Masked", examples: ["138****8000"] }),
    idNumber: z
      .string()
      .nullable()
      .meta({ description: "Masked", examples: ["330185********1234"] }),
    materials: z.array(materialSchema),
    createdAt: isoDateTime,
  }),
);

export const waitlistEntrySchema = component(
  "WaitlistEntry",
  z.object({
    id: z.number().int(),
    position: z.number().int().meta({ description: "1 is next when a seat frees" }),
    service: z.object({ code: z.string(), name: z.string() }),
    slot: z.object({
      id: z.number().int(),
      channel: z.string().meta({ description: "The channel's Chinese label" }),
      date,
      start: clock,
      location: z.string(),
    }),
    phone: z.string().meta({ description: "Masked" }),
  }),
);

const callEntry = z.object({ ticket: z.string(), window: z.number().int(), calledAt: isoDateTime });

export const queueStateSchema = z.object({
  date,
  lastEventId: z.number().int(),
  calling: z.array(callEntry.extend({ recall: z.number().int() })),
  waiting: z.array(
    z.object({
      queue: z.string(),
      name: z.string(),
      count: z.number().int(),
      estimatedMinutes: z.number().int(),
    }),
  ),
  recent: z.array(callEntry),
  notice: z.string(),
});

export const ticketProgressSchema = component(
  "TicketProgress",
  z.object({
    number: z.string(),
    status: z.string(),
    window: z.number().int().nullable(),
    ahead: z.number().int(),
    estimatedMinutes: z.number().int(),
  }),
);

export const queueResponse = queueStateSchema.extend({
  ticket: ticketProgressSchema.optional().meta({ description: "With ?ticket=: where that ticket stands" }),
});

export const windowsResponse = z.object({
  windows: z.array(
    z.object({
      id: z.number().int(),
      number: z.number().int(),
      name: z.string(),
      queues: z.array(z.string()).meta({ examples: [["A", "B"]] }),
    }),
  ),
});

export const issuedTicketSchema = component(
  "IssuedTicket",
  z.object({
    id: z.number().int(),
    number: z.string().meta({ examples: ["A012"] }),
    queue: z.string(),
    queueName: z.string(),
    ahead: z.number().int(),
    estimatedMinutes: z.number().int(),
    bookingCode: z.string().optional(),
    serviceName: z.string().optional(),
  }),
);

export const ticketSchema = component(
  "Ticket",
  z.object({
    id: z.number().int(),
    number: z.string(),
    queue: z.string(),
    status: z.enum(["waiting", "called", "serving", "done", "no_show", "parked", "transferred"]),
    source: z.enum(["walk_in", "booking"]),
    priority: z.number().int(),
    isGreenChannel: z.boolean(),
    window: z.number().int().nullable(),
    targetWindow: z.number().int().nullable(),
    recallCount: z.number().int(),
    createdAt: isoDateTime,
    calledAt: isoDateTime.nullable(),
    serviceName: z.string().nullable(),
    bookingCode: z.string().nullable(),
    applicantName: z.string().nullable(),
    note: z.string().nullable(),
  }),
);

export const ticketResponse = z.object({ ticket: ticketSchema });

export const deskResponse = z.object({
  current: ticketSchema.nullable(),
  waiting: z.array(ticketSchema).meta({ description: "In calling order" }),
  parked: z.array(ticketSchema),
});

export const openApiResponse = z.looseObject({
  openapi: z.literal("3.1.0"),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});

export const adminQueueSchema = component(
  "AdminQueue",
  z.object({ id: z.number().int(), prefix: z.string(), name: z.string(), dailyCap: z.number().int() }),
);

export const adminWindowSchema = component(
  "AdminWindow",
  z.object({ id: z.number().int(), number: z.number().int(), name: z.string(), queues: z.array(z.string()) }),
);

export const staffAccountSchema = component(
  "StaffAccount",
  z.object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(STAFF_ROLES),
    windowId: z.number().int().nullable(),
    departmentId: z.number().int().nullable(),
  }),
);
