import { z } from "zod";
import { CASE_SOURCES, CASE_STATUSES, CHANNELS, DELIVERY_METHODS, ITEM_KINDS, STAFF_ROLES } from "@/db/schema";
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
      bookings: z
        .array(
          z.object({
            code: z.string(),
            service: z.object({ code: z.string(), name: z.string() }),
            date,
            start: clock,
            end: clock,
            name: z.string().meta({ description: "The applicant's name, masked", examples: ["张*明"] }),
          }),
        )
        .optional()
        .meta({
          description:
            "quota_exceeded only, and only when the request's SMS code was right (the phone proved itself): the active bookings made with this phone that fill the quota",
        }),
      otherPhoneBookings: z.number().int().optional().meta({
        description:
          "quota_exceeded with `bookings`: how many more bookings fill the applicant's quota that another phone made (counted, not shown)",
      }),
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
    department: department.extend({
      phone: z.string().nullable().meta({ description: "咨询电话; null when the catalogue has none" }),
    }),
    conditions: z.string(),
    steps: z.string().meta({ description: "办理流程; empty when the catalogue does not say" }),
    delivery: z.string().meta({ description: "领取方式 (送达方式); empty when the catalogue does not say" }),
    legalBasis: z.string().meta({ description: "设定依据; empty when the catalogue does not say" }),
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
    agentName: z.string().nullable().meta({
      description:
        "Booked for someone else (代办): the booker's name (`phone` is theirs); null when booked for oneself",
    }),
    materials: z.array(materialSchema),
    createdAt: isoDateTime,
  }),
);

export const phoneCodeSentSchema = component(
  "PhoneCodeSent",
  z
    .object({
      expiresInSeconds: z.number().int(),
      resendAfterSeconds: z.number().int(),
      demoCode: z.string().optional().meta({ description: "Demo mode only: the code itself" }),
    })
    .meta({ examples: [{ expiresInSeconds: 600, resendAfterSeconds: 60 }] }),
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
      numbers: z
        .array(z.string())
        .meta({ description: "The waiting tickets in calling order: a phone finds its place here, without a query" }),
      minutesPerTicket: z.number().meta({
        description: "Estimated minutes per place in this queue (recent service time ÷ windows serving it)",
      }),
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
    location: z.string().nullable(),
    oneTimePassword: z
      .string()
      .optional()
      .describe("Only when the account was created without a password: shown once, must be changed at sign-in"),
  }),
);

export const staffSessionSchema = component(
  "StaffSession",
  z.object({
    id: z.string().uuid(),
    staffId: z.number().int(),
    username: z.string(),
    name: z.string(),
    role: z.enum(STAFF_ROLES),
    location: z.string().nullable(),
    startedAt: z.string().describe("ISO 8601 instant"),
    lastSeenAt: z.string(),
    expiresAt: z.string(),
    address: z.string().nullable(),
    userAgent: z.string().nullable(),
  }),
);

export const auditEntrySchema = component(
  "AuditEntry",
  z.object({
    id: z.number().int(),
    at: z.string().describe("ISO 8601 instant"),
    actorName: z.string().describe("The acting account's username, or （未登录） / （未知用户名）"),
    actorDisplayName: z.string().nullable(),
    action: z.string().describe("e.g. login, staff.create; Chinese labels in lib/audit/labels.ts"),
    objectType: z.string(),
    objectId: z.string().nullable(),
    objectName: z.string().nullable().describe("The object's human name: a person, 2号窗口, a case number"),
    result: z.enum(["ok", "denied", "failed"]),
    detail: z.record(z.string(), z.unknown()).nullable(),
    clientAddress: z.string().nullable(),
  }),
);

// Cases (办件), ratings (好差评) and follow-ups: lib/cases/case-view.ts (CaseView, CaseListItem),
// track-case.ts (TrackView), get-intake-draft.ts (IntakeDraft), lib/evaluations (PadState, FollowUp).

const caseStatus = z.enum(CASE_STATUSES);
const dueState = z
  .enum(["ok", "soon", "overdue"])
  .nullable()
  .meta({ description: "Of an open promised case: on time, due within two working days, or late" });
const supplement = z
  .object({
    missing: z.array(z.string()),
    note: z.string(),
    issuedAt: isoDateTime,
    receivedAt: isoDateTime.nullable(),
  })
  .nullable()
  .meta({ description: "The one-time notice of missing materials (补正告知), once issued" });

export const caseListItemSchema = component(
  "CaseListItem",
  z.object({
    caseNo: z.string().meta({ examples: ["QC2026000123"] }),
    status: caseStatus,
    statusLabel: z.string().meta({ examples: ["办理中"] }),
    itemName: z.string(),
    departmentName: z.string(),
    applicantName: z.string(),
    phoneMasked: z.string().meta({ examples: ["138****8000"] }),
    acceptedAt: isoDateTime,
    dueDate: date.nullable().meta({ description: "Promised deadline (承诺件); null for instant items" }),
    dueState,
    channel,
  }),
);

export const casesResponse = z.object({ cases: z.array(caseListItemSchema) });

export const caseSchema = component(
  "Case",
  z.object({
    caseNo: z.string().meta({ examples: ["QC2026000123"] }),
    status: caseStatus,
    statusLabel: z.string(),
    channel,
    source: z.enum(CASE_SOURCES),
    village: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    item: z.object({
      code: z.string(),
      name: z.string(),
      kind: z.enum(ITEM_KINDS),
      promisedDays: z.number().int().nullable(),
    }),
    department: z.object({ id: z.number().int(), name: z.string(), phone: z.string().nullable() }),
    applicant: z.object({
      name: z.string(),
      phoneMasked: z.string().meta({ examples: ["138****8000"] }),
      idNumberMasked: z
        .string()
        .nullable()
        .meta({ examples: ["330185********1234"] }),
    }),
    materials: z.object({
      received: z.array(z.string()),
      missing: z.array(z.string()),
      list: z.array(materialSchema).meta({ description: "The item's list on intake day" }),
    }),
    supplement,
    notAcceptedReason: z.string().nullable().meta({ description: "不予受理: the reason" }),
    opinion: z.string().nullable().meta({ description: "The decision's opinion" }),
    acceptedAt: isoDateTime,
    dueDate: date.nullable(),
    dueState,
    ticketId: z.number().int().nullable(),
    ticketNumber: z.string().nullable(),
    bookingCode: z.string().nullable(),
    delivery: z
      .object({ method: z.enum(DELIVERY_METHODS), trackingNo: z.string().nullable(), at: isoDateTime })
      .nullable(),
    timeline: z.array(
      z.object({
        at: isoDateTime,
        kind: z.string(),
        fromStatus: z.string().nullable().meta({ description: "A case status, or null" }),
        toStatus: z.string().nullable().meta({ description: "A case status, or null" }),
        actorName: z.string().nullable(),
        note: z.string().nullable(),
      }),
    ),
  }),
);

export const takenInCaseSchema = component(
  "TakenInCase",
  caseSchema.extend({
    receipt: z
      .object({
        trackUrl: z.string().meta({ examples: ["/track?case=QC2026000123"] }),
        rateUrl: z.string().meta({ description: "The per-case rating link, with its secret" }),
      })
      .meta({ description: "The links printed on the receipt" }),
  }),
);

export const caseTrackingSchema = component(
  "CaseTracking",
  z.object({
    caseNo: z.string(),
    status: caseStatus,
    statusLabel: z.string(),
    itemName: z.string(),
    acceptedAt: isoDateTime,
    dueDate: date.nullable(),
    supplement,
    notAcceptedReason: z.string().nullable(),
    pickup: z.object({ place: z.string(), hours: z.string(), phone: z.string() }),
    timeline: z.array(z.object({ at: isoDateTime, label: z.string() })),
    applicant: z.object({
      name: z.string().meta({ description: "Masked", examples: ["张*明"] }),
      phoneMasked: z.string().meta({ examples: ["138****8000"] }),
    }),
  }),
);

export const intakeDraftSchema = component(
  "IntakeDraft",
  z.object({
    ticketNumber: z.string().meta({ examples: ["B012"] }),
    bookingCode: z.string().nullable(),
    service: z.string().nullable().meta({ description: "The item's code, from the booking or the ticket" }),
    name: z.string().nullable(),
    phone: z.string().nullable().meta({ description: "In clear: the clerk checks it" }),
    idNumber: z.string().nullable().meta({ description: "In clear: the clerk checks it" }),
    channel,
    cases: z.array(caseListItemSchema).meta({ description: "Cases already taken in on this visit" }),
  }),
);

export const padStateSchema = component(
  "PadState",
  z.object({
    window: z.object({ number: z.number().int(), name: z.string() }),
    clerk: z.object({ name: z.string() }).nullable(),
    pending: z
      .object({ ticketId: z.number().int(), ticketNumber: z.string(), caseNos: z.array(z.string()) })
      .nullable()
      .meta({ description: "The visit just finished at this window, to be rated" }),
  }),
);

export const evaluationReceiptSchema = component(
  "EvaluationReceipt",
  z.object({
    id: z.number().int(),
    followUpDueDate: date.nullable().meta({ description: "A level of 2 or less opens a follow-up due then" }),
  }),
);

export const followUpSchema = component(
  "FollowUp",
  z.object({
    id: z.number().int(),
    hall: z.object({ code: z.string(), name: z.string() }).meta({ description: "Where the rating was given" }),
    level: z.number().int().min(1).max(5),
    reasons: z.array(z.string()),
    comment: z.string().nullable(),
    caseNo: z.string().nullable(),
    ticketNumber: z.string().nullable(),
    windowNumber: z.number().int().nullable(),
    createdAt: isoDateTime,
    dueDate: date,
    state: z.enum(["open", "overdue", "closed"]),
    callbackNote: z.string().nullable(),
    change: z.string().nullable(),
  }),
);

export const followUpsResponse = z.object({ followUps: z.array(followUpSchema) });

export const closedFollowUpSchema = z.object({ id: z.number().int(), state: z.literal("closed") });

const rate = z.number().min(0).max(1).nullable().meta({ description: "A share 0…1; null when nothing to divide by" });

export const yearlyReportSchema = component(
  "YearlyReport",
  z.object({
    year: z.number().int(),
    scope: z.union([
      z.object({ kind: z.literal("hall"), hallId: z.number().int(), hallName: z.string() }),
      z.object({ kind: z.literal("district") }),
    ]),
    total: z.number().int().meta({ description: "Cases taken in (受理 or 不予受理) with accepted_at in the year" }),
    notAccepted: z.number().int(),
    finished: z.number().int(),
    byMonth: z.array(z.object({ month: z.number().int().min(1).max(12), cases: z.number().int() })).length(12),
    byChannel: z.array(z.object({ channel, cases: z.number().int() })),
    byDepartment: z.array(z.object({ code: z.string(), name: z.string(), cases: z.number().int() })),
    byItem: z.array(z.object({ code: z.string(), name: z.string(), cases: z.number().int() })),
    oneVisitRate: rate.meta({
      description: "最多跑一次: finished cases with no 补正 notice, delivered at the first visit or by post",
    }),
    onTime: z.object({ promised: z.number().int(), onTime: z.number().int(), rate }),
    satisfaction: z.object({
      rated: z.number().int(),
      rate,
      byLevel: z.array(z.object({ level: z.number().int().min(1).max(5), count: z.number().int() })),
    }),
    waiting: z.object({
      tickets: z.number().int(),
      averageMinutes: z.number().nullable(),
      p90Minutes: z.number().nullable(),
    }),
    previous: z.object({
      year: z.number().int(),
      total: z.number().int(),
      oneVisitRate: rate,
      onTimeRate: rate,
      satisfactionRate: rate,
    }),
  }),
);

const villageVisitSchema = z.object({
  id: z.number().int(),
  date,
  village: z.object({ code: z.string(), name: z.string() }),
  theme: z.string(),
  location: z.string(),
  startTime: z.string().meta({ examples: ["09:00"] }),
  endTime: z.string().meta({ examples: ["11:30"] }),
});

export const villageVisitsResponse = component(
  "VillageVisits",
  z.object({
    visits: z.array(
      villageVisitSchema.extend({ bookings: z.number().int().meta({ description: "Bookings not cancelled" }) }),
    ),
  }),
);

export const villageDaySchema = component(
  "VillageDay",
  z.object({
    visit: villageVisitSchema,
    bookings: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        agentName: z.string().nullable(),
        phoneMasked: z.string().meta({ examples: ["138****8000"] }),
        idNumberMasked: z.string().nullable(),
        service: z.object({ code: z.string(), name: z.string() }),
        time: z.string().meta({ examples: ["09:30"] }),
        status: z.enum(["confirmed", "checked_in", "completed"]),
      }),
    ),
    items: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        kind: z.enum(ITEM_KINDS),
        promisedDays: z.number().int().nullable(),
        materials: z.array(
          z.object({ name: z.string(), required: z.boolean(), copies: z.string(), note: z.string().optional() }),
        ),
      }),
    ),
    rules: z.object({ ratingReasons: z.array(z.string()) }),
  }),
);

export const villageRecordResultSchema = component(
  "VillageRecordResult",
  z.object({
    id: z.uuid(),
    kind: z.enum(["check_in", "case", "rating"]),
    isRepeat: z.boolean().meta({ description: "Applied by an earlier sync of the same record: nothing new was made" }),
    caseNo: z.string().optional(),
    status: caseStatus.optional(),
    statusLabel: z.string().optional(),
    bookingCode: z.string().optional(),
    followUpDueDate: date.nullable().optional(),
  }),
);
