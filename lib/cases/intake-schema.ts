import { z } from "zod";
import { bookingCodeField } from "@/lib/booking/code-field";
import { idNumber, mobilePhone, personName } from "@/lib/validation/applicant";

// The intake form (受理) as the server checks it: the window's API (lib/cases/schemas.ts) and the
// village day's device (app/(staff)/village), which checks it in the browser before it stores a
// case offline and sends the same fields when it syncs. Browser-safe: zod and lib/validation only.

export const serviceCode = z
  .string({ message: "请选择事项" })
  .regex(/^[A-Z]{2,6}-\d{3}$/, "事项编码格式不正确")
  .meta({ examples: ["YBJ-001"] });

export const materialName = z.string().trim().min(1, "材料名称不能为空").max(100, "材料名称过长");
export const materialNames = z.array(materialName).max(50, "材料不能超过 50 项");

export const optionalIdNumber = z
  .union([z.literal("").transform(() => undefined), idNumber])
  .optional()
  .nullable()
  .transform((v) => v ?? undefined);

/** The applicant, the item and the materials: what every intake gives, wherever it is made. */
export const intakeFields = z.object({
  bookingCode: bookingCodeField()
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
export type IntakeFieldsInput = z.input<typeof intakeFields>;
