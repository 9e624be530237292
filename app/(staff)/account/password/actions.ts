"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { changeOwnPassword, MIN_PASSWORD_LENGTH } from "@/lib/auth/change-password";
import { CHANGE_PASSWORD_PATH, getActor } from "@/lib/auth/session";
import { forgetInitialAdminPassword } from "@/lib/demo";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { fieldErrors } from "@/lib/http";
import { logError } from "@/lib/log";

export interface ChangePasswordState {
  message?: string;
  fields?: Record<string, string>;
  attempt: number;
}

const form = z
  .object({
    currentPassword: z.string().min(1, "请输入当前密码"),
    newPassword: z.string().min(MIN_PASSWORD_LENGTH, `新密码至少 ${MIN_PASSWORD_LENGTH} 位`).max(200, "新密码太长"),
    confirmPassword: z.string(),
    next: z.string().optional(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "两次输入的新密码不一致",
  });

/** A local path only (`/window`), never another site (`//evil`, `/\evil`). */
function localPath(next: string | undefined): string | undefined {
  return next && /^\/(?![/\\])/.test(next) && !next.startsWith(CHANGE_PASSWORD_PATH) ? next : undefined;
}

/** Every signed-in staff member or device changes its own password here; a one-time one must be. */
export async function changePassword(state: ChangePasswordState, formData: FormData): Promise<ChangePasswordState> {
  const actor = await getActor();
  if (!actor) redirect(`/login?next=${encodeURIComponent(CHANGE_PASSWORD_PATH)}`);
  const parsed = form.safeParse({
    currentPassword: String(formData.get("currentPassword") ?? ""),
    newPassword: String(formData.get("newPassword") ?? ""),
    confirmPassword: String(formData.get("confirmPassword") ?? ""),
    next: formData.get("next") ? String(formData.get("next")) : undefined,
  });
  if (!parsed.success)
    return { message: "请按提示修改。", fields: fieldErrors(parsed.error), attempt: state.attempt + 1 };
  try {
    await changeOwnPassword({
      actor,
      currentPassword: parsed.data.currentPassword,
      newPassword: parsed.data.newPassword,
    });
  } catch (error) {
    if (isAppError(error)) return { message: error.message, fields: error.fields, attempt: state.attempt + 1 };
    logError("changing a password failed", error);
    return { message: "修改失败，请稍后再试。", attempt: state.attempt + 1 };
  }
  if (actor.mustChangePassword) forgetInitialAdminPassword(env().DATA_DIR);
  const next = localPath(parsed.data.next);
  redirect(next ? `/staff?next=${encodeURIComponent(next)}` : "/staff");
}
