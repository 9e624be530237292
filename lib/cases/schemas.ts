import { z } from "zod";
import { CASE_STATUSES } from "@/db/schema";
import { idNumber, mobilePhone, personName, serviceCode } from "@/lib/api/schemas";

// Request schemas of the case API, with the Chinese messages the clerk's and back office's screens show.

const materialName = z.string().trim().min(1, "材料名称不能为空").max(100, "材料名称过长");
const materialNames = z.array(materialName).max(50, "材料不能超过 50 项");
const optionalIdNumber = z
  .union([z.literal("").transform(() => undefined), idNumber])
  .optional()
  .nullable()
  .transform((v) => v ?? undefined);

export const caseNoParam = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{1,6}\d{10}$/, "办件号格式不正确");

export const takeInCaseBody = z.object({
  ticketId: z
    .number()
    .int()
    .positive()
    .max(2_147_483_647)
    .optional()
    .nullable()
    .transform((v) => v ?? undefined),
  bookingCode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{4,12}$/, "预约码格式不正确")
    .optional()
    .nullable()
    .transform((v) => v ?? undefined),
  service: serviceCode,
  name: personName,
  phone: mobilePhone,
  idNumber: optionalIdNumber,
  materials: z.object({ received: materialNames, missing: materialNames }, { message: "请勾选已收和缺少的材料" }),
  notAcceptedReason: z
    .string()
    .trim()
    .max(500, "不予受理的理由不能超过 500 个字")
    .optional()
    .nullable()
    .transform((v) => v || undefined),
});

export const listCasesQuery = z.object({
  status: z.enum(CASE_STATUSES, { message: "办件状态不正确" }).optional(),
  due: z.enum(["overdue", "soon"], { message: "due 应为 overdue 或 soon" }).optional(),
  q: z.string().trim().max(50, "搜索词不能超过 50 个字").optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export const supplementNoticeBody = z.object({
  missing: z.array(materialName, { message: "请选择需要补正的材料" }).min(1, "请至少选择一项需要补正的材料").max(50),
  note: z.string({ message: "请填写补正说明" }).trim().max(500, "补正说明不能超过 500 个字"),
});

export const decideBody = z.object({
  result: z.enum(["approved", "rejected"], { message: "请选择准予或不予" }),
  opinion: z
    .string({ message: "请填写审批意见" })
    .trim()
    .min(2, "请填写审批意见（至少 2 个字）")
    .max(1000, "审批意见不能超过 1000 个字"),
});

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
  });

export const finishBody = z
  .object({ opinion: z.string().trim().max(1000, "办理意见不能超过 1000 个字").optional() })
  .optional()
  .transform((v) => v ?? {});

export const trackQuery = z.object({ phone: mobilePhone });

export const pickupQuery = z
  .object({ caseNo: caseNoParam.optional(), idNumber: optionalIdNumber })
  .refine((q) => !!q.caseNo || !!q.idNumber, { message: "请输入办件号或身份证号", path: ["caseNo"] });
