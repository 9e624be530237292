import { z } from "zod";
import { dailyCap, shortName, windowQueuesField } from "@/lib/admin/schemas";

// Bodies of the admin's window, queue and TV-notice edits (the /admin/windows forms and
// `/api/v1/admin/windows/{id}`, `/queues/{id}`, `/display-notice`), with Chinese messages.

export const updateWindowBody = z
  .object({
    name: shortName("窗口名称"),
    queues: windowQueuesField,
    isOpenToday: z.boolean({ message: "请选择今天是否开放" }),
  })
  .meta({ examples: [{ name: "1号窗口 综合受理", queues: ["A"], isOpenToday: true }] });

export const updateQueueBody = z
  .object({
    name: shortName("队列名称"),
    dailyCap,
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
