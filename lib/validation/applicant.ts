import { z } from "zod";
import { isValidIdNumber, isValidMobile } from "@/lib/validation/identity";

// The applicant's fields as every form checks them: the server's API schemas (lib/api/schemas.ts)
// and the browser's own checks (the village day's device, which has no server to ask) use these
// same zod schemas and the same ID check digit. Only zod and lib/validation here: this bundles for
// the browser.

export const personName = z
  .string({ message: "请填写姓名" })
  .trim()
  .min(2, "请填写姓名（至少 2 个字）")
  .max(20, "姓名不能超过 20 个字")
  .regex(/^[\p{Script=Han}A-Za-z·• ]+$/u, "姓名只能包含汉字、字母和“·”");

export const mobilePhone = z
  .string({ message: "请填写手机号码" })
  .trim()
  .refine(isValidMobile, "请填写正确的 11 位手机号码")
  .meta({ description: "11-digit mainland mobile number", examples: ["13800138000"] });

export const idNumber = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isValidIdNumber, "身份证号码不正确，请核对后重新填写")
  .meta({ description: "Resident ID number (GB 11643) with its check digit" });
