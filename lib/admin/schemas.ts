import { z } from "zod";
import { STAFF_ROLES } from "@/db/schema";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-rules";
import { isValidDate } from "@/lib/time/zone";

/**
 * A hall's admin administers that hall only: an account that reads every hall of the district is
 * not theirs to make (else any town could give itself the district's view).
 */
export const DISTRICT_NOT_BY_HALL = "区级账号由区里开设，服务中心不能开设";

// Bodies of the admin JSON API (`/api/v1/admin/*`), with the Chinese messages the admin's screen shows.

export const queuePrefix = z.string({ message: "请填写队列字头" }).regex(/^[A-Z]$/, "队列字头应为一个大写字母");
export const shortName = (label: string) =>
  z
    .string({ message: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(20, `${label}不能超过 20 个字`);

export const dailyCap = z
  .number({ message: "每日上限应为数字" })
  .int("每日上限应为整数")
  .min(1, "每日上限至少为 1")
  .max(999, "每日上限不能超过 999");

/** The queues a window calls, by prefix. */
export const windowQueuesField = z
  .array(queuePrefix, { message: "请选择窗口叫号的队列" })
  .min(1, "请至少选择一个队列")
  .max(26, "队列过多")
  .refine((q) => new Set(q).size === q.length, "队列不能重复");

export const createQueueBody = z
  .object({
    prefix: queuePrefix,
    name: shortName("队列名称"),
    dailyCap: dailyCap.default(300),
  })
  .meta({ examples: [{ prefix: "Q", name: "测试队列", dailyCap: 200 }] });

export const createWindowBody = z
  .object({
    number: z
      .number({ message: "请填写窗口号" })
      .int("窗口号应为整数")
      .min(1, "窗口号应在 1–99 之间")
      .max(99, "窗口号应在 1–99 之间"),
    name: shortName("窗口名称"),
    queues: windowQueuesField,
  })
  .meta({ examples: [{ number: 98, name: "98号窗口", queues: ["A"] }] });

export const createStaffBody = z
  .object({
    username: z
      .string({ message: "请填写用户名" })
      .regex(/^[a-z0-9_.-]{2,32}$/, "用户名应为 2–32 位小写字母、数字或 _ . -"),
    displayName: shortName("姓名"),
    role: z.enum(STAFF_ROLES, { message: "角色不正确" }),
    windowId: z.number({ message: "窗口应为编号" }).int().positive().optional(),
    department: z
      .string({ message: "部门代码应为文字" })
      .regex(/^[A-Z]{2,6}$/, "部门代码应为 2–6 个大写字母")
      .optional(),
    location: z.string({ message: "位置应为文字" }).trim().max(30, "位置不能超过 30 个字").optional(),
    // Without one, a one-time password is made and answered once (must be changed at sign-in).
    password: z
      .string({ message: "密码应为文字" })
      .min(MIN_PASSWORD_LENGTH, `密码至少 ${MIN_PASSWORD_LENGTH} 位`)
      .max(72, "密码不能超过 72 位")
      .optional(),
  })
  .superRefine((body, ctx) => {
    if (body.role === "district") ctx.addIssue({ code: "custom", path: ["role"], message: DISTRICT_NOT_BY_HALL });
    if (body.role === "clerk" && body.windowId === undefined)
      ctx.addIssue({ code: "custom", path: ["windowId"], message: "窗口工作人员需要指定窗口" });
    if (body.role === "pad" && body.windowId === undefined)
      ctx.addIssue({ code: "custom", path: ["windowId"], message: "评价器需要指定所在窗口" });
    if (body.role === "backoffice" && body.department === undefined)
      ctx.addIssue({ code: "custom", path: ["department"], message: "后台科室人员需要指定部门" });
    if (body.windowId !== undefined && !["clerk", "kiosk", "display", "pad"].includes(body.role))
      ctx.addIssue({ code: "custom", path: ["windowId"], message: "只有窗口工作人员和设备可以指定窗口" });
    if (body.department !== undefined && body.role !== "backoffice")
      ctx.addIssue({ code: "custom", path: ["department"], message: "只有后台科室人员可以指定部门" });
  })
  .meta({
    examples: [
      { username: "example.manager", displayName: "示例负责人", role: "manager", password: "long-enough-password-1" },
    ],
  });

/** An edit of an account: what is given changes; `null` clears a window, department or location. */
export const updateStaffBody = z
  .object({
    displayName: shortName("姓名").optional(),
    role: z.enum(STAFF_ROLES, { message: "角色不正确" }).optional(),
    windowId: z.number({ message: "窗口应为编号" }).int().positive().nullable().optional(),
    department: z
      .string({ message: "部门代码应为文字" })
      .regex(/^[A-Z]{2,6}$/, "部门代码应为 2–6 个大写字母")
      .nullable()
      .optional(),
    location: z.string({ message: "位置应为文字" }).trim().max(30, "位置不能超过 30 个字").nullable().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), "请至少修改一项")
  .superRefine((body, ctx) => {
    if (body.role === "district") ctx.addIssue({ code: "custom", path: ["role"], message: DISTRICT_NOT_BY_HALL });
  })
  .meta({ examples: [{ displayName: "王小明", role: "clerk", windowId: 2 }] });

/** Filters of the audit log: the page's query string, the JSON and the CSV export's. */
export const auditFilterQuery = z.object({
  actor: z.string().trim().max(64, "操作人太长").optional(),
  action: z.string().trim().max(64, "操作太长").optional(),
  objectType: z.string().trim().max(64, "对象类型太长").optional(),
  object: z.string().trim().max(64, "对象太长").optional(),
  from: z.string().refine(isValidDate, "开始日期应为 YYYY-MM-DD").optional(),
  to: z.string().refine(isValidDate, "结束日期应为 YYYY-MM-DD").optional(),
});

/** Whose sessions: people's or devices'. */
export const sessionsQuery = z.object({
  kind: z.enum(["people", "devices"], { message: "kind 应为 people 或 devices" }).optional(),
});

/** The one-time password an admin's reset hands back, shown once. */
export const oneTimePasswordSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  oneTimePassword: z.string(),
});

export type UpdateStaffBody = z.infer<typeof updateStaffBody>;
export type CreateQueueBody = z.infer<typeof createQueueBody>;
export type CreateWindowBody = z.infer<typeof createWindowBody>;
export type CreateStaffBody = z.infer<typeof createStaffBody>;
