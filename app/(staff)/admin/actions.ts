"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { revokeStaffSessions } from "@/lib/admin/revoke-staff-sessions";
import { unlockStaffSignIn } from "@/lib/admin/unlock-staff-sign-in";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { logError } from "@/lib/log";

export interface AdminFormState {
  message?: string;
  ok?: string;
  fields?: Record<string, string>;
  /** What was submitted, handed back after a refusal so that the form keeps it. */
  values?: Record<string, string>;
  attempt: number;
  /** A calendar change that cancels or moves bookings: how many, for the admin to confirm. */
  confirm?: { affected: number };
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
