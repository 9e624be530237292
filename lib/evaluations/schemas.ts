import { z } from "zod";
import { mobilePhone } from "@/lib/api/schemas";
import { EVALUATION_REASONS } from "@/lib/evaluations/labels";

// Request schemas of the rating and follow-up API, with the Chinese messages the screens show.

const level = z
  .number({ message: "请选择评价等级" })
  .int("请选择评价等级")
  .min(1, "评价等级为 1 到 5")
  .max(5, "评价等级为 1 到 5");
const reasons = z
  .array(z.enum(EVALUATION_REASONS, { message: "请从列表中选择原因" }))
  .max(EVALUATION_REASONS.length)
  .optional();
const comment = z.string().trim().max(500, "意见不能超过 500 个字").optional();

const needsReason = (b: { level: number; reasons?: string[] }) => b.level > 2 || (b.reasons?.length ?? 0) > 0;
const reasonIssue = { message: "请至少选择一个不满意的原因", path: ["reasons"] };

export const evaluationBody = z
  .object({
    caseNo: z
      .string({ message: "请提供办件号" })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{1,6}\d{10}$/, "办件号格式不正确"),
    token: z.string().trim().min(1).max(100).optional(),
    phone: mobilePhone.optional(),
    level,
    reasons,
    comment,
  })
  .refine((b) => !!b.token !== !!b.phone, { message: "请通过评价链接评价，或填写办件登记的手机号", path: ["phone"] })
  .refine(needsReason, reasonIssue);

export const padEvaluationBody = z
  .object({
    ticketId: z.number({ message: "没有待评价的办理" }).int().positive().max(2_147_483_647),
    level,
    reasons,
    comment,
  })
  .refine(needsReason, reasonIssue);

export const followUpsQuery = z.object({
  state: z.enum(["open", "overdue", "closed"], { message: "state 应为 open、overdue 或 closed" }).optional(),
});

export const closeFollowUpBody = z.object({
  callbackNote: z.string({ message: "请填写回访情况" }).trim().min(2, "请填写回访情况（至少 2 个字）").max(1000),
  change: z.string({ message: "请填写整改措施" }).trim().min(2, "请填写整改措施（至少 2 个字）").max(1000),
});
