import { z } from "zod";
import { isValidDate, isValidTime } from "@/lib/time/zone";

// Bodies of the admin's calendar changes (the pages' forms and `/api/v1/admin/calendar/*`), with
// the Chinese messages the admin's screen shows. Each takes `confirmAffected`: the number of
// bookings the admin was shown and confirmed (see lib/admin/calendar-change.ts).

const clock = (label: string) =>
  z.string({ message: `请填写${label}` }).refine(isValidTime, `${label}应为 时:分，如 08:30`);
const day = (label: string) => z.string({ message: `请选择${label}` }).refine(isValidDate, `请选择${label}`);
const place = z
  .string({ message: "请填写地点" })
  .trim()
  .min(2, "请填写地点（至少 2 个字）")
  .max(40, "地点不能超过 40 个字");
const staffUserId = z.number({ message: "值班人员应为编号" }).int().positive().nullable().optional();
export const confirmAffected = z
  .number({ message: "确认的预约数应为数字" })
  .int()
  .min(0)
  .optional()
  .describe("The number of bookings the change cancels or moves, as the previous answer gave it");

export const openingHoursBody = z
  .object({
    weekdays: z
      .array(z.number().int().min(1).max(7), { message: "请选择适用的星期" })
      .min(1, "请至少选择一天")
      .refine((d) => new Set(d).size === d.length, "星期不能重复"),
    morningStart: clock("上午上班时间"),
    morningEnd: clock("午休开始时间"),
    afternoonStart: clock("下午上班时间"),
    afternoonEnd: clock("下班时间"),
    confirmAffected,
  })
  .superRefine((b, ctx) => {
    if (!(b.morningStart < b.morningEnd))
      ctx.addIssue({ code: "custom", path: ["morningEnd"], message: "午休开始应晚于上午上班" });
    if (!(b.morningEnd <= b.afternoonStart))
      ctx.addIssue({ code: "custom", path: ["afternoonStart"], message: "下午上班不能早于午休开始" });
    if (!(b.afternoonStart < b.afternoonEnd))
      ctx.addIssue({ code: "custom", path: ["afternoonEnd"], message: "下班应晚于下午上班" });
  })
  .meta({
    examples: [
      {
        weekdays: [1, 2, 3, 4, 5],
        morningStart: "08:30",
        morningEnd: "12:00",
        afternoonStart: "13:30",
        afternoonEnd: "17:00",
      },
    ],
  });

const post = z
  .object({ location: place, startTime: clock("开始时间"), endTime: clock("结束时间"), staffUserId })
  .refine((p) => p.startTime < p.endTime, { path: ["endTime"], message: "结束时间应晚于开始时间" });

export const weekendPostBody = z
  .object({
    /** null: the posts are called off. */
    post: post.nullable(),
    confirmAffected,
  })
  .meta({ examples: [{ post: { location: "潜川镇便民服务中心一楼大厅", startTime: "09:00", endTime: "12:00" } }] });

export const weekendPostPath = z.object({
  weekday: z.coerce
    .number({ message: "周末服务岗只能在周六（6）或周日（7）" })
    .int()
    .min(6, "周末服务岗只能在周六（6）或周日（7）")
    .max(7, "周末服务岗只能在周六（6）或周日（7）")
    .meta({ examples: [6] }),
});

export const villageRotationBody = z
  .object({
    startsOn: day("生效日期"),
    weekday: z.number().int().min(1, "下村日应在周一至周五").max(5, "下村日应在周一至周五").default(2),
    startTime: clock("开始时间"),
    endTime: clock("结束时间"),
    staffUserId,
    villages: z
      .array(z.object({ villageId: z.number().int().positive(), location: place }), { message: "请安排村社" })
      .min(1, "请至少安排一个村")
      .max(60, "村社过多"),
    themes: z
      .array(
        z.object({
          theme: z.string().trim().min(2, "主题至少 2 个字").max(20, "主题不能超过 20 个字"),
          categories: z.array(z.string().trim().min(1)).min(1, "每个主题至少选择一类事项"),
        }),
        { message: "请设置主题" },
      )
      .min(1, "请至少设一个主题")
      .max(20, "主题过多"),
    confirmAffected,
  })
  .refine((b) => b.startTime < b.endTime, { path: ["endTime"], message: "结束时间应晚于开始时间" })
  .meta({
    examples: [
      {
        startsOn: "2026-01-06",
        weekday: 2,
        startTime: "09:00",
        endTime: "11:30",
        villages: [{ villageId: 1, location: "村委会" }],
        themes: [{ theme: "社保医保专场", categories: ["社会保险"] }],
      },
    ],
  });

export const overrideBody = z
  .object({
    isOpen: z.boolean({ message: "请选择开放或休息" }),
    reason: z
      .string({ message: "请写明原因" })
      .trim()
      .min(2, "请写明原因（至少 2 个字），群众会看到")
      .max(30, "原因不能超过 30 个字"),
    confirmAffected,
  })
  .meta({ examples: [{ isOpen: false, reason: "防汛值守" }] });

export const overridePath = z.object({ date: day("日期").meta({ examples: ["2026-01-01"] }) });
export const confirmQuery = z.object({
  confirmAffected: z.coerce
    .number({ message: "确认的预约数应为数字" })
    .int()
    .min(0)
    .optional()
    .meta({ description: "The number of bookings the removal cancels, as the previous answer gave it" }),
});

export const villageBody = z
  .object({
    contactName: z.string().trim().max(20, "联系人不能超过 20 个字").nullable(),
    contactPhone: z
      .string()
      .trim()
      .regex(/^[0-9-]{7,20}$/, "电话应为 7–20 位数字或 -")
      .nullable(),
  })
  .meta({ examples: [{ contactName: "王主任", contactPhone: "0571-1234567" }] });
