import { z } from "zod";
import { CHANNELS } from "@/db/schema";

// Query and body schemas of the public API, with the Chinese messages a villager's screen shows.

export const servicesQuery = z.object({
  q: z.string().trim().max(50, "搜索词不能超过 50 个字").optional(),
  department: z
    .string()
    .regex(/^[A-Z]{2,6}$/, "部门代码应为 2–6 个大写字母")
    .optional(),
  channel: z.enum(CHANNELS, { message: "办理渠道应为 window、weekend 或 village" }).optional(),
});

export const serviceCode = z.string().regex(/^[A-Z]{2,6}-\d{3}$/, "事项编码格式不正确");
