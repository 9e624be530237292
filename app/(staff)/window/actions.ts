"use server";

import { z } from "zod";
import { requireRole } from "@/lib/auth/session";
import { findCasesForPickup, type CaseListItem } from "@/lib/cases";
import { isAppError } from "@/lib/errors";
import { isValidIdNumber } from "@/lib/validation/identity";
import { logError } from "@/lib/log";

const byIdNumber = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isValidIdNumber, "身份证号码不正确（18 位，最后一位校验码不符），请核对");

export type PickupSearch = { ok: true; cases: CaseListItem[] } | { ok: false; message: string };

/** 统一出件: the clerk finds an applicant's cases by ID number (the number is never put in a URL). */
export async function findPickupByIdNumber(idNumber: unknown): Promise<PickupSearch> {
  const parsed = byIdNumber.safeParse(idNumber);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "身份证号码不正确" };
  try {
    const actor = await requireRole("clerk");
    return { ok: true, cases: await findCasesForPickup({ actor, idNumber: parsed.data }) };
  } catch (error) {
    if (isAppError(error)) return { ok: false, message: error.message };
    logError("pickup search failed", error);
    return { ok: false, message: "系统繁忙，请稍后再试" };
  }
}
