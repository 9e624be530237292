import { z } from "zod";
import { bookingCodeField } from "@/lib/booking/code-field";
import { intakeFields } from "@/lib/cases/intake-schema";
import { EVALUATION_REASONS } from "@/lib/evaluations/labels";

// The village day's sync protocol (docs/decisions/009-offline-village-day.md): each record the
// device made offline goes up on its own, in the order it was made, under the UUID the device gave
// it. Browser-safe: the device checks a case with the same `intakeFields` before storing it.

export const visitIdPath = z.object({
  id: z.coerce
    .number({ message: "下村日编号不正确" })
    .int("下村日编号不正确")
    .positive("下村日编号不正确")
    .max(2_147_483_647, "下村日编号不正确")
    .meta({ examples: [1] }),
});

const envelope = {
  id: z.uuid({ message: "记录编号应为设备生成的 UUID" }).meta({ examples: ["0b6c0f7e-4b8e-4f51-9a33-2f1f5d0f3f11"] }),
  visitId: z
    .number({ message: "请提供下村日编号" })
    .int()
    .positive()
    .max(2_147_483_647)
    .meta({ examples: [1] }),
  madeAt: z.iso
    .datetime({ offset: true, message: "记录时间格式不正确" })
    .meta({ examples: ["2026-03-03T09:30:00+08:00"] }),
};

export const checkInRecord = z.object({
  ...envelope,
  kind: z.literal("check_in"),
  bookingCode: bookingCodeField(),
});

export const caseRecord = intakeFields.extend({ ...envelope, kind: z.literal("case") });

export const ratingRecord = z
  .object({
    ...envelope,
    kind: z.literal("rating"),
    /** The device's id of the case record this rating is about (synced before it). */
    caseRecordId: z.uuid({ message: "请选择所评价的办件" }),
    level: z.number({ message: "请选择评价等级" }).int().min(1, "评价等级为 1 到 5").max(5, "评价等级为 1 到 5"),
    reasons: z
      .array(z.enum(EVALUATION_REASONS, { message: "请从列表中选择原因" }))
      .max(EVALUATION_REASONS.length)
      .optional(),
    comment: z.string().trim().max(500, "意见不能超过 500 个字").optional(),
  })
  .refine((b) => b.level > 2 || (b.reasons?.length ?? 0) > 0, {
    message: "请至少选择一个不满意的原因",
    path: ["reasons"],
  });

export const villageRecordBody = z
  .discriminatedUnion("kind", [checkInRecord, caseRecord, ratingRecord], {
    message: "记录类型应为 check_in、case 或 rating",
  })
  .meta({
    description:
      "One record made offline on the village day: a booking checked in, a case taken in (the window's intake fields) or a rating of a case made earlier on the device (by its record id).",
    examples: [
      {
        id: "0b6c0f7e-4b8e-4f51-9a33-2f1f5d0f3f11",
        visitId: 1,
        madeAt: "2026-03-03T09:30:00+08:00",
        kind: "case",
        service: "RSJ-002",
        name: "张三",
        phone: "13800138000",
        materials: { received: ["居民身份证"], missing: [] },
      },
    ],
  });
export type VillageRecordInput = z.input<typeof villageRecordBody>;
export type VillageRecord = z.output<typeof villageRecordBody>;
