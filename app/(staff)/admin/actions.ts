"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { setCalendarOverride } from "@/lib/admin/calendar";
import { revokeStaffSessions } from "@/lib/admin/revoke-staff-sessions";
import { unlockStaffSignIn } from "@/lib/admin/unlock-staff-sign-in";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { fieldErrors } from "@/lib/http";
import { isValidDate } from "@/lib/time";
import { logError } from "@/lib/log";

export interface AdminFormState {
  message?: string;
  ok?: string;
  fields?: Record<string, string>;
  /** What was submitted, handed back after a refusal so that the form keeps it. */
  values?: Record<string, string>;
  attempt: number;
}

const overrideForm = z.object({
  date: z.string().refine(isValidDate, "请选择日期"),
  isOpen: z.enum(["0", "1"], { message: "请选择开放或休息" }),
  reason: z.string().trim().min(2, "请写明原因（至少 2 个字），群众会看到").max(30, "原因不能超过 30 个字"),
});

export async function saveCalendarOverride(state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const actor = await requireRole("admin");
  const values = {
    date: String(formData.get("date") ?? ""),
    isOpen: String(formData.get("isOpen") ?? ""),
    reason: String(formData.get("reason") ?? ""),
  };
  const parsed = overrideForm.safeParse(values);
  if (!parsed.success)
    return { message: "请按提示修改。", fields: fieldErrors(parsed.error), values, attempt: state.attempt + 1 };
  let cancelled: { bookings: number; waitlist: number };
  try {
    cancelled = await setCalendarOverride({
      actor,
      date: parsed.data.date,
      isOpen: parsed.data.isOpen === "1",
      reason: parsed.data.reason,
    });
  } catch (error) {
    if (isAppError(error)) return { message: error.message, fields: error.fields, values, attempt: state.attempt + 1 };
    logError("calendar override failed", error);
    return { message: "保存失败，请稍后再试。", values, attempt: state.attempt + 1 };
  }
  revalidatePath("/admin/calendar");
  const told =
    cancelled.bookings + cancelled.waitlist > 0
      ? `；已取消当日 ${cancelled.bookings} 个预约、${cancelled.waitlist} 个候补，并已短信通知`
      : "";
  return {
    ok: `已保存：${parsed.data.date} ${parsed.data.isOpen === "1" ? "开放" : "休息"}（${parsed.data.reason}）${told}`,
    attempt: state.attempt + 1,
  };
}

/** An admin's one-click action on an account of the hall: the id from the form, a Chinese message either way. */
async function onAccount(
  state: AdminFormState,
  formData: FormData,
  step: { run: (input: { actor: Actor; staffId: number }) => Promise<unknown>; failed: string; ok: string },
): Promise<AdminFormState> {
  const actor = await requireRole("admin");
  const staffId = z.coerce.number().int().positive().safeParse(formData.get("staffId"));
  if (!staffId.success) return { message: "没有这个账号", attempt: state.attempt + 1 };
  try {
    await step.run({ actor, staffId: staffId.data });
  } catch (error) {
    if (isAppError(error)) return { message: error.message, attempt: state.attempt + 1 };
    logError(step.failed, error);
    return { message: "操作失败，请稍后再试。", attempt: state.attempt + 1 };
  }
  revalidatePath("/admin");
  revalidatePath("/admin/staff");
  revalidatePath("/admin/devices");
  return { ok: step.ok, attempt: state.attempt + 1 };
}

/** Signs a lost or stolen device (or a clerk's forgotten session) out everywhere, at once. */
export async function revokeSessions(state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  return onAccount(state, formData, {
    run: revokeStaffSessions,
    failed: "revoking sessions failed",
    ok: "已强制下线：该账号须重新登录",
  });
}

/** Ends an account's sign-in wait after wrong passwords (a clerk who mistyped, a guessed-at kiosk). */
export async function unlockSignIn(state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  return onAccount(state, formData, {
    run: unlockStaffSignIn,
    failed: "unlocking sign-in failed",
    ok: "已解除：该账号可以立即登录",
  });
}
