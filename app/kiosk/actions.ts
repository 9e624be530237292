"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { publicOrigin } from "@/app/_lib/public-origin";
import { authenticateStaff } from "@/lib/auth/login";
import { requireRole } from "@/lib/auth/session";
import { signOutCurrentStaff } from "@/lib/auth/sign-out-current";
import { isAppError } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { waitLabel } from "@/lib/format";
import { qrSvg } from "@/lib/qr-svg";

export type StaffExitRefusal = { message: string };

const unlockForm = z.object({ password: z.string().min(1, "请输入本机账号的密码").max(200, "密码过长") });

/**
 * The staff gate in front of "退出登录" on a device screen: the device account's own password,
 * checked like a sign-in (same waits after repeated failures, same audit), so that a villager
 * at the kiosk cannot sign the device out. The right password signs the device out here and
 * sends it to the sign-in page; anything else answers why not.
 */
export async function confirmStaffExit(input: { password: string }): Promise<StaffExitRefusal> {
  try {
    const actor = await requireRole("kiosk", "display");
    const parsed = unlockForm.safeParse(input);
    if (!parsed.success) return { message: parsed.error.issues[0]?.message ?? "请输入密码" };
    const result = await authenticateStaff({
      username: actor.username,
      password: parsed.data.password,
      address: clientAddress({ headers: await headers() }),
    });
    if (!result.ok)
      return {
        message:
          result.reason === "invalid" ? "密码不对，请重试" : `尝试次数过多，请 ${waitLabel(result.retryAfter)}后再试`,
      };
    await signOutCurrentStaff();
  } catch (error) {
    if (isAppError(error)) return { message: error.message };
    throw error;
  }
  redirect("/login");
}

const ticketNumber = z.object({ number: z.string().regex(/^[A-Z]\d{3}$/) });

/**
 * The QR code on a kiosk ticket (its progress page, for the villager's phone) as SVG, drawn on
 * the server so that no QR library ships to the kiosk. Null for anything but a kiosk and a
 * ticket number: the ticket is then printed without it.
 */
export async function ticketQrSvg(input: { number: string }): Promise<string | null> {
  const parsed = ticketNumber.safeParse(input);
  if (!parsed.success) return null;
  try {
    await requireRole("kiosk");
  } catch (error) {
    if (isAppError(error)) return null;
    throw error;
  }
  return qrSvg(`${await publicOrigin()}/queue?ticket=${parsed.data.number}`, { margin: 0 });
}
