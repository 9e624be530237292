import { z } from "zod";
import { component } from "@/lib/api/components";
import { CHANNELS } from "@/db/schema";
import { daysBetween, isValidDate } from "@/lib/time";
import { idNumber, mobilePhone, personName } from "@/lib/validation/applicant";
import { serviceCode } from "@/lib/cases/intake-schema";

// Query, path, header and body schemas of the JSON API, with the Chinese messages a villager's screen
// shows. The route handlers parse with these, and lib/api/operations.ts documents them: one copy.
// `examples` in `.meta()` end up in the OpenAPI document; the e2e spec builds requests from them.

export const servicesQuery = z.object({
  q: z.string().trim().max(50, "搜索词不能超过 50 个字").optional(),
  department: z
    .string()
    .regex(/^[A-Z]{2,6}$/, "部门代码应为 2–6 个大写字母")
    .optional(),
  channel: z.enum(CHANNELS, { message: "办理渠道应为 window、weekend 或 village" }).optional(),
});

const dateString = (label: string) =>
  z
    .string({ message: `请提供${label}` })
    .refine(isValidDate, `${label}应为有效日期，格式 YYYY-MM-DD`)
    .meta({ format: "date", examples: ["2026-03-02"] });

export const availabilityQuery = z
  .object({
    service: z
      .string({ message: "请提供事项编码" })
      .regex(/^[A-Z]{2,6}-\d{3}$/, "事项编码格式不正确")
      .meta({ examples: ["YBJ-001"] }),
    from: dateString("开始日期"),
    to: dateString("结束日期"),
    channel: z.enum(CHANNELS, { message: "办理渠道应为 window、weekend 或 village" }).optional(),
    village: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,16}$/, "村编码格式不正确")
      .optional(),
  })
  .superRefine((q, ctx) => {
    if (isValidDate(q.from) && isValidDate(q.to)) {
      if (q.to < q.from) ctx.addIssue({ code: "custom", path: ["to"], message: "结束日期不能早于开始日期" });
      else if (daysBetween(q.from, q.to) > 62)
        ctx.addIssue({ code: "custom", path: ["to"], message: "一次最多查询 62 天" });
    }
  });

export { idNumber, mobilePhone, personName, serviceCode };

const slotId = z.coerce
  .number({ message: "请选择预约时段" })
  .int("请选择预约时段")
  .positive("请选择预约时段")
  .max(2_147_483_647, "请选择预约时段");

export const phoneCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, "短信验证码是 6 位数字")
  .meta({ description: "The 6-digit SMS code from POST /api/v1/phone-codes (PHONE_VERIFICATION=sms)" });

export const bookingBody = component(
  "BookingRequest",
  z
    .object({
      service: serviceCode,
      slotId,
      name: personName,
      phone: mobilePhone,
      idNumber: z
        .union([z.literal("").transform(() => undefined), idNumber])
        .optional()
        .nullable()
        .transform((v) => v ?? undefined),
      phoneCode: phoneCode.optional(),
      // Booking for someone else (代办): the booker's name; then `phone` is the booker's, and `name`
      // and `idNumber` are the applicant's.
      agentName: z
        .union([z.literal("").transform(() => undefined), personName.meta({ description: "代办人姓名" })])
        .optional()
        .nullable()
        .transform((v) => v ?? undefined),
    })
    .superRefine((body, ctx) => {
      // The window checks the applicant's ID card for a 代办 booking, and the quota counts by it.
      if (body.agentName && !body.idNumber)
        ctx.addIssue({ code: "custom", path: ["idNumber"], message: "帮他人预约时，请填写申请人的身份证号码" });
    })
    .meta({
      description:
        "A booking for oneself (本人): `name`, `phone`, optional `idNumber`. For someone else (代办): also `agentName`, the booker's name; `phone` is then the booker's (it gets the SMS and looks the booking up), `name` and `idNumber` (required) the applicant's.",
      examples: [
        { service: "YBJ-001", slotId: 1, name: "张三", phone: "13800138000", phoneCode: "123456" },
        {
          service: "YBJ-001",
          slotId: 1,
          name: "张德福",
          idNumber: "330185195001011237",
          agentName: "张小明",
          phone: "13800138000",
          phoneCode: "123456",
        },
      ],
    }),
);

export const phoneBody = component(
  "PhoneRequest",
  z.object({ phone: mobilePhone }).meta({ examples: [{ phone: "13800138000" }] }),
);

export const phoneCodeBody = component(
  "PhoneCodeRequest",
  z.object({ phone: mobilePhone }).meta({ examples: [{ phone: "13800138000" }] }),
);

export const rescheduleBody = component(
  "RescheduleRequest",
  z
    .object({ phone: mobilePhone, slotId })
    .passthrough()
    .superRefine((body, ctx) => {
      // The name and ID number of a booking stay as they were made: against resale of slots.
      for (const key of ["name", "idNumber"] as const) {
        if (key in body)
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: "预约人姓名和身份证号码不能修改；如需换人，请取消后重新预约",
          });
      }
    }),
);

export const idempotencyKey = z
  .string()
  .min(1)
  .max(128, "Idempotency-Key 不能超过 128 个字符")
  .regex(/^[\x21-\x7e]+$/, "Idempotency-Key 只能包含可见的 ASCII 字符");

export const ticketBody = component(
  "TicketRequest",
  z
    .object({
      queue: z.string({ message: "请选择排队类别" }).regex(/^[A-Z]$/, "排队类别应为一个大写字母"),
      greenChannel: z.boolean().optional().meta({ description: "Green channel (elderly, disabled); a clerk sets it" }),
    })
    .meta({ examples: [{ queue: "C" }] }),
);

export const transferBody = component(
  "TransferRequest",
  z
    .object({
      queue: z
        .string()
        .regex(/^[A-Z]$/, "队列应为一个大写字母")
        .optional(),
      windowId: z.coerce.number().int().positive("请选择窗口").optional(),
    })
    .refine((b) => !!b.queue !== !!b.windowId, { message: "请选择转到的队列或窗口（二选一）", path: ["queue"] })
    .meta({ description: "transfer: one of queue or windowId", examples: [{ queue: "B" }] }),
);

export const callBody = component(
  "CallRequest",
  z
    .object({
      reason: z
        .string({ message: "跳号呼叫须写明原因" })
        .trim()
        .min(2, "跳号呼叫须写明原因（至少 2 个字）")
        .max(100, "原因不能超过 100 个字"),
    })
    .meta({ description: "call (out of order): the reason", examples: [{ reason: "老人优先办理" }] }),
);

export const idParam = z.coerce
  .number()
  .int()
  .positive()
  .max(2_147_483_647)
  .meta({ examples: [1] });

// Path, query and header parameters, one object per operation (documented property by property).

export const serviceCodePath = z.object({ code: serviceCode });

export const bookingCodePath = z.object({
  code: z.string().meta({ description: "Six characters, without 0/O/1/I/L look-alikes", examples: ["7KQ3MP"] }),
});

export const bookingLookupQuery = z.object({ phone: mobilePhone });

export const bookingHeaders = z.object({
  "Idempotency-Key": idempotencyKey.optional().meta({
    description:
      "Retries with the same key and body return the same booking; another body gets 422 idempotency_mismatch",
    examples: ["5f0c7d7e-2b1a-4d59-9a57-6f1f3c2a9b10"],
  }),
});

export const ticketNumber = z
  .string()
  .regex(/^[A-Za-z]\d{3}$/)
  .meta({ examples: ["A012"] });

export const queueQuery = z.object({
  ticket: ticketNumber
    .optional()
    .meta({ description: "Adds where this ticket of today stands; ignored when malformed" }),
});

const lastEventId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const queueStreamHeaders = z.object({
  "Last-Event-ID": lastEventId
    .optional()
    .meta({ description: "Resume: the calls since this event are sent again; anything else starts from now" }),
});

export const queueStreamQuery = z.object({
  lastEventId: lastEventId
    .optional()
    .meta({ description: "The same as Last-Event-ID, for a client that cannot set headers" }),
});

export const windowPath = z.object({ id: idParam });

export const TICKET_ACTIONS = ["recall", "no-show", "park", "unpark", "start", "finish", "transfer", "call"] as const;

export const ticketActionPath = z.object({
  id: idParam,
  action: z.enum(TICKET_ACTIONS).meta({ examples: ["recall"] }),
});

/** transfer takes `{ queue }` or `{ windowId }`, call takes `{ reason }`, the others no body. */
export const ticketActionBody = z.union([transferBody, callBody]);
