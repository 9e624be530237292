"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createStaffAccount } from "@/lib/admin/create-staff-account";
import { deactivateStaffAccount } from "@/lib/admin/deactivate-staff-account";
import { endStaffSession } from "@/lib/admin/end-staff-session";
import { reactivateStaffAccount } from "@/lib/admin/reactivate-staff-account";
import { resetStaffPassword } from "@/lib/admin/reset-staff-password";
import { createStaffBody, updateStaffBody } from "@/lib/admin/schemas";
import { updateStaffAccount } from "@/lib/admin/update-staff-account";
import { requireRole } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { fieldErrors } from "@/lib/http";
import { logError } from "@/lib/log";
import type { AdminFormState } from "../actions";

// The staff and devices pages' actions: each one a public POST, so each checks the admin role
// (requireRole) and the domain function checks it again with the hall in its query.

export interface OneTimePasswordState extends AdminFormState {
  /** Shown once, to be handed to the person; never stored in clear. */
  oneTimePassword?: string;
  /** Whose it is (the username). */
  oneTimePasswordFor?: string;
}

const FIELDS = ["username", "displayName", "role", "windowId", "department", "location", "password"] as const;

function formValues(formData: FormData): Record<string, string> {
  return Object.fromEntries(FIELDS.map((name) => [name, String(formData.get(name) ?? "").trim()]));
}

/** What the form gets back after a refusal: everything typed but the password. */
function keptValues(values: Record<string, string>): Record<string, string> {
  const { password: _password, ...kept } = values;
  return kept;
}

/** A form's empty select is "not given"; a window is a number. */
function optional(value: string): string | undefined {
  return value === "" ? undefined : value;
}

function refused(state: AdminFormState, error: unknown, values: Record<string, string>, what: string): AdminFormState {
  if (isAppError(error)) return { message: error.message, fields: error.fields, values, attempt: state.attempt + 1 };
  logError(what, error);
  return { message: "保存失败，请稍后再试。", values, attempt: state.attempt + 1 };
}

function revalidateStaffPages(staffId?: number) {
  revalidatePath("/admin");
  revalidatePath("/admin/staff");
  revalidatePath("/admin/devices");
  if (staffId) revalidatePath(`/admin/staff/${staffId}`);
}

/**
 * 新增人员: the person gets a one-time password, shown once, to change at the first sign-in.
 * 登记设备: the admin types the device's password (it must pass the password rules) and enters it
 * on the device.
 */
export async function createStaff(state: OneTimePasswordState, formData: FormData): Promise<OneTimePasswordState> {
  const actor = await requireRole("admin");
  const values = formValues(formData);
  const parsed = createStaffBody.safeParse({
    username: values.username.toLowerCase(),
    displayName: values.displayName,
    role: values.role,
    windowId: optional(values.windowId) === undefined ? undefined : Number(values.windowId),
    department: optional(values.department),
    location: optional(values.location),
    password: optional(values.password),
  });
  if (!parsed.success)
    return {
      message: "请按提示修改。",
      fields: fieldErrors(parsed.error),
      values: keptValues(values),
      attempt: state.attempt + 1,
    };
  let created: Awaited<ReturnType<typeof createStaffAccount>>;
  try {
    created = await createStaffAccount({ actor, ...parsed.data });
  } catch (error) {
    return refused(state, error, keptValues(values), "creating a staff account failed");
  }
  revalidateStaffPages();
  return {
    ok: `已新增账号 ${created.username}（${created.displayName}）`,
    oneTimePassword: created.oneTimePassword,
    oneTimePasswordFor: created.username,
    attempt: state.attempt + 1,
  };
}

const staffIdField = z.coerce.number().int().positive();

/** 修改: name, role, window, department, place. An empty select clears the window or department. */
export async function updateStaff(state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const actor = await requireRole("admin");
  const values = formValues(formData);
  const staffId = staffIdField.safeParse(formData.get("staffId"));
  if (!staffId.success) return { message: "没有这个账号", values, attempt: state.attempt + 1 };
  const parsed = updateStaffBody.safeParse({
    displayName: values.displayName,
    role: values.role,
    windowId: optional(values.windowId) === undefined ? null : Number(values.windowId),
    department: optional(values.department) ?? null,
    location: optional(values.location) ?? null,
  });
  if (!parsed.success)
    return { message: "请按提示修改。", fields: fieldErrors(parsed.error), values, attempt: state.attempt + 1 };
  try {
    await updateStaffAccount({ actor, staffId: staffId.data, ...parsed.data });
  } catch (error) {
    return refused(state, error, values, "updating a staff account failed");
  }
  revalidateStaffPages(staffId.data);
  return { ok: "已保存", values, attempt: state.attempt + 1 };
}

/** 重置密码: the one-time password comes back in the state, shown once on the admin's screen. */
export async function resetPassword(state: OneTimePasswordState, formData: FormData): Promise<OneTimePasswordState> {
  const actor = await requireRole("admin");
  const staffId = staffIdField.safeParse(formData.get("staffId"));
  if (!staffId.success) return { message: "没有这个账号", attempt: state.attempt + 1 };
  try {
    const reset = await resetStaffPassword({ actor, staffId: staffId.data });
    revalidateStaffPages(staffId.data);
    return {
      ok: `已为 ${reset.username} 生成一次性密码`,
      oneTimePassword: reset.oneTimePassword,
      attempt: state.attempt + 1,
    };
  } catch (error) {
    return refused(state, error, {}, "resetting a password failed");
  }
}

/** 停用 / 启用: `active` says which. Deactivating ends every session of the account at once. */
export async function setStaffActive(state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const actor = await requireRole("admin");
  const staffId = staffIdField.safeParse(formData.get("staffId"));
  if (!staffId.success) return { message: "没有这个账号", attempt: state.attempt + 1 };
  const activate = formData.get("active") === "1";
  try {
    if (activate) await reactivateStaffAccount({ actor, staffId: staffId.data });
    else await deactivateStaffAccount({ actor, staffId: staffId.data });
  } catch (error) {
    return refused(state, error, {}, "changing an account's state failed");
  }
  revalidateStaffPages(staffId.data);
  return {
    ok: activate ? "已启用：该账号可以重新登录" : "已停用：该账号已下线，不能再登录",
    attempt: state.attempt + 1,
  };
}

/** 结束会话: one sign-in (a carried-off kiosk), the account's others go on. */
export async function endSession(state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const actor = await requireRole("admin");
  const sessionId = String(formData.get("sessionId") ?? "");
  try {
    await endStaffSession({ actor, sessionId });
  } catch (error) {
    return refused(state, error, {}, "ending a session failed");
  }
  revalidateStaffPages();
  return { ok: "已结束该会话", attempt: state.attempt + 1 };
}
