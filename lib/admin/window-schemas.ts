import { z } from "zod";

// Bodies of the admin's window, queue and TV-notice edits (the /admin/windows forms and
// `/api/v1/admin/windows/{id}`, `/queues/{id}`, `/display-notice`), with Chinese messages.

const queuePrefix = z.string({ message: "请选择队列" }).regex(/^[A-Z]$/, "队列字头应为一个大写字母");
const shortName = (label: string) =>
  z
    .string({ message: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(20, `${label}不能超过 20 个字`);

export const updateWindowBody = z
  .object({
    name: shortName("窗口名称"),
    queues: z
      .array(queuePrefix, { message: "请选择窗口叫号的队列" })
      .min(1, "请至少选择一个队列")
      .max(26, "队列过多")
      .refine((q) => new Set(q).size === q.length, "队列不能重复"),
    isOpenToday: z.boolean({ message: "请选择今天是否开放" }),
  })
  .meta({ examples: [{ name: "1号窗口 综合受理", queues: ["A"], isOpenToday: true }] });

export const updateQueueBody = z
  .object({
    name: shortName("队列名称"),
    dailyCap: z
      .number({ message: "每日上限应为数字" })
      .int("每日上限应为整数")
      .min(1, "每日上限至少为 1")
      .max(999, "每日上限不能超过 999"),
    items: z
      .array(z.string().regex(/^[A-Za-z0-9-]{1,32}$/, "事项编码有误"), { message: "事项应为编码列表" })
      .max(200, "事项过多")
      .optional(),
  })
  .meta({ examples: [{ name: "综合受理", dailyCap: 300 }] });

export const displayNoticeBody = z
  .object({ notice: z.string({ message: "请填写通知" }).max(200, "通知不能超过 200 个字") })
  .meta({ examples: [{ notice: "" }, { notice: "今天下午 3 点起系统升级，社保业务暂停办理。" }] });

export const idPathParam = z.object({
  id: z.coerce.number({ message: "编号有误" }).int("编号有误").positive("编号有误"),
});
