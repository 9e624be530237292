import { z } from "zod";
import { CHANNELS, ITEM_KINDS } from "@/db/schema";

// One service item as the admin edits it: the edit form, the JSON API and the workbook import all
// end in this shape and these Chinese messages (field errors keyed like `materials.2.name`).

export const ITEM_CODE_PATTERN = /^[A-Z]{2,6}-\d{3}$/;
// Line breaks as LF: a form's textarea sends CRLF, and a workbook cell (XML) gives LF back, so
// without it an exported and re-imported catalogue would differ from what the form saved.
const text = (label: string, max: number) =>
  z
    .string({ message: `请填写${label}` })
    .trim()
    .overwrite((v) => v.replace(/\r\n?/g, "\n"))
    .max(max, `${label}不能超过 ${max} 个字`);
const requiredText = (label: string, max: number) => text(label, max).min(1, `请填写${label}`);

export const itemCode = z.string({ message: "请填写事项编码" }).regex(ITEM_CODE_PATTERN, "事项编码应如 YBJ-001");

export const materialInput = z.object({
  name: requiredText("材料名称", 60),
  required: z.boolean({ message: "请选择是否必需" }),
  copies: requiredText("份数要求", 30),
  // An empty note is no note: the public page shows none and the round trip keeps it absent.
  note: text("备注", 200)
    .transform((v) => (v ? v : undefined))
    .optional(),
});
export type MaterialInput = z.infer<typeof materialInput>;

export const itemInput = z
  .object({
    name: requiredText("事项名称", 60),
    aliases: z
      .array(requiredText("常用名称", 30), { message: "常用名称应为列表" })
      .max(10, "常用名称最多 10 个")
      .refine((a) => new Set(a).size === a.length, "常用名称不能重复"),
    department: z.string({ message: "请选择实施部门" }).regex(/^[A-Z]{2,6}$/, "请选择实施部门"),
    category: requiredText("事项类别", 20),
    kind: z.enum(ITEM_KINDS, { message: "办件类型应为即办件或承诺件" }),
    promisedDays: z
      .number({ message: "承诺时限应为 1–60 个工作日" })
      .int("承诺时限应为整数个工作日")
      .min(1, "承诺时限应为 1–60 个工作日")
      .max(60, "承诺时限应为 1–60 个工作日")
      .nullable(),
    feeCents: z
      .number({ message: "收费应为金额" })
      .int("收费最多精确到分")
      .min(0, "收费不能为负数")
      .max(10_000_000, "收费不能超过 100000 元"),
    channels: z
      .array(z.enum(CHANNELS, { message: "办理渠道应为窗口、周末服务岗或下村日" }))
      .min(1, "请至少选择一个办理渠道")
      .refine((c) => new Set(c).size === c.length, "办理渠道不能重复"),
    bookable: z.boolean({ message: "请选择是否可网上预约" }),
    queue: z.string({ message: "请选择取号队列" }).regex(/^[A-Z]$/, "请选择取号队列"),
    summary: requiredText("事项简介", 300),
    conditions: text("受理条件", 1000),
    steps: text("办理流程", 2000),
    delivery: text("送达方式", 500),
    legalBasis: text("设定依据", 2000),
    materials: z.array(materialInput, { message: "材料清单应为列表" }).max(40, "材料最多 40 项"),
  })
  .superRefine((item, ctx) => {
    if (item.kind === "promised" && item.promisedDays === null)
      ctx.addIssue({ code: "custom", path: ["promisedDays"], message: "承诺件请填写承诺时限（工作日）" });
    if (item.kind === "instant" && item.promisedDays !== null)
      ctx.addIssue({ code: "custom", path: ["promisedDays"], message: "即办件不填承诺时限" });
    const seen = new Set<string>();
    item.materials.forEach((m, i) => {
      if (seen.has(m.name))
        ctx.addIssue({ code: "custom", path: ["materials", i, "name"], message: `材料“${m.name}”重复了` });
      seen.add(m.name);
    });
  });
export type ItemInput = z.infer<typeof itemInput>;

/** The JSON API's edit: the whole item and the version it was read at. */
export const updateItemBody = z
  .object({
    version: z.number({ message: "缺少版本号，请刷新后再改" }).int().positive("版本号不正确"),
    item: itemInput,
  })
  .meta({
    examples: [
      {
        version: 1,
        item: {
          name: "示例事项",
          aliases: ["示例"],
          department: "YBJ",
          category: "医疗保障",
          kind: "instant",
          promisedDays: null,
          feeCents: 0,
          channels: ["window"],
          bookable: true,
          queue: "B",
          summary: "示例简介",
          conditions: "",
          steps: "",
          delivery: "",
          legalBasis: "",
          materials: [{ name: "居民身份证", required: true, copies: "原件核验" }],
        },
      },
    ],
  });
export type UpdateItemBody = z.infer<typeof updateItemBody>;

export const ITEM_STATUS_FILTERS = ["all", "active", "inactive"] as const;
export const listItemsQuery = z.object({
  q: z.string().trim().max(40, "搜索词不能超过 40 个字").optional(),
  status: z.enum(ITEM_STATUS_FILTERS, { message: "状态应为 all、active 或 inactive" }).optional(),
});
