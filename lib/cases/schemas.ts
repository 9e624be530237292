import { z } from "zod";
import { CASE_STATUSES } from "@/db/schema";
import { mobilePhone } from "@/lib/validation/applicant";
import { intakeFields, materialName, optionalIdNumber } from "@/lib/cases/intake-schema";

// Request schemas of the case API, with the Chinese messages the clerk's and back office's screens show.

export const caseNoParam = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{1,6}\d{10}$/, "办件号格式不正确")
  .meta({ description: "Hall code, year and a six-digit sequence", examples: ["QC2026000123"] });

export const takeInCaseBody = intakeFields
  .extend({
    ticketId: z
      .number()
      .int()
      .positive()
      .max(2_147_483_647)
      .optional()
      .nullable()
      .transform((v) => v ?? undefined),
  })
  .meta({
    examples: [
      {
        service: "RSJ-002",
        name: "张三",
        phone: "13800138000",
        materials: {
          received: [
            "居民身份证",
            "本人社会保障卡（金融账户已激活）或本人银行卡",
            "城乡居民基本养老保险待遇领取申请表",
          ],
          missing: [],
        },
      },
    ],
  });

export const listCasesQuery = z.object({
  status: z
    .enum(CASE_STATUSES, { message: "办件状态不正确" })
    .optional()
    .meta({ examples: ["processing"] }),
  due: z
    .enum(["overdue", "soon"], { message: "due 应为 overdue 或 soon" })
    .optional()
    .meta({ examples: ["overdue"] }),
  q: z
    .string()
    .trim()
    .max(50, "搜索词不能超过 50 个字")
    .optional()
    .meta({ examples: ["张三"] }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .optional()
    .meta({ examples: [100] }),
});

export const supplementNoticeBody = z
  .object({
    missing: z.array(materialName, { message: "请选择需要补正的材料" }).min(1, "请至少选择一项需要补正的材料").max(50),
    note: z.string({ message: "请填写补正说明" }).trim().max(500, "补正说明不能超过 500 个字"),
  })
  .meta({ examples: [{ missing: ["居民户口簿"], note: "请带户口簿原件到窗口核验" }] });

export const decideBody = z
  .object({
    result: z.enum(["approved", "rejected"], { message: "请选择准予或不予" }),
    opinion: z
      .string({ message: "请填写审批意见" })
      .trim()
      .min(2, "请填写审批意见（至少 2 个字）")
      .max(1000, "审批意见不能超过 1000 个字"),
  })
  .meta({ examples: [{ result: "approved", opinion: "材料齐全，符合条件，准予办理" }] });

export const deliverBody = z
  .object({
    idNumber: optionalIdNumber,
    post: z
      .object({
        trackingNo: z
          .string({ message: "请填写邮寄单号" })
          .trim()
          .regex(/^[A-Za-z0-9-]{6,32}$/, "邮寄单号应为 6–32 位字母或数字"),
      })
      .optional(),
  })
  .refine((b) => !!b.idNumber !== !!b.post, {
    message: "请核验领取人身份证号，或填写邮寄单号（二选一）",
    path: ["idNumber"],
  })
  .meta({ examples: [{ idNumber: "11010519491231002X" }, { post: { trackingNo: "SF1234567890" } }] });

export const finishBody = z
  .object({ opinion: z.string().trim().max(1000, "办理意见不能超过 1000 个字").optional() })
  .meta({ examples: [{ opinion: "当场办结" }] })
  .optional()
  .transform((v) => v ?? {});

export const trackQuery = z.object({ phone: mobilePhone });

export const pickupQuery = z
  .object({
    caseNo: caseNoParam.optional(),
    idNumber: optionalIdNumber.meta({ examples: ["11010519491231002X"] }),
  })
  .refine((q) => !!q.caseNo || !!q.idNumber, { message: "请输入办件号或身份证号", path: ["caseNo"] });
