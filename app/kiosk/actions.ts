"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { authenticateStaff } from "@/lib/auth/login";
import { requireRole } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { waitLabel } from "@/lib/format";

export type StaffUnlockResult = { ok: true } | { ok: false; message: string };

const unlockForm = z.object({ password: z.string().min(1, "请输入本机账号的密码").max(200, "密码过长") });

/**
 * The staff gate in front of "退出登录" on a device screen: the device account's own password,
 * checked like a sign-in (same waits after repeated failures, same audit), so that a villager
 * at the kiosk cannot sign the device out.
 */
export async function confirmStaffExit(input: { password: string }): Promise<StaffUnlockResult> {
  try {
    const actor = await requireRole("kiosk", "display");
    const parsed = unlockForm.safeParse(input);
    if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "请输入密码" };
    const result = await authenticateStaff({
      username: actor.username,
      password: parsed.data.password,
      address: clientAddress({ headers: await headers() }),
    });
    if (result.ok) return { ok: true };
    if (result.reason === "invalid") return { ok: false, message: "密码不对，请重试" };
    return { ok: false, message: `尝试次数过多，请 ${waitLabel(result.retryAfter)}后再试` };
  } catch (error) {
    if (isAppError(error)) return { ok: false, message: error.message };
    throw error;
  }
}
