import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { cookies } from "next/headers";
import { authSecret } from "@/lib/env";

// A browser that made or looked up a booking (code plus phone) keeps a signed cookie for it,
// so the villager need not type the phone again on every page. It holds the phone's keyed hash,
// never the phone; every read still goes through getBooking with code and that hash.

const PREFIX = "yc_b_";
const MAX_AGE = 60 * 60 * 24 * 30;

function sign(code: string, phoneHash: string) {
  return createHmac("sha256", authSecret()).update(`booking-access|${code}|${phoneHash}`).digest("base64url");
}

export async function grantBookingAccess(code: string, phoneHash: string) {
  const jar = await cookies();
  jar.set(`${PREFIX}${code}`, `${phoneHash}.${sign(code, phoneHash)}`, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: MAX_AGE,
    secure: process.env.NEXTAUTH_URL?.startsWith("https://") ?? false,
  });
}

/** The phone hash this browser proved for the booking, or null. */
export async function readBookingAccess(code: string): Promise<string | null> {
  const jar = await cookies();
  const value = jar.get(`${PREFIX}${code}`)?.value;
  if (!value) return null;
  const dot = value.lastIndexOf(".");
  const phoneHash = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(sign(code, phoneHash));
  return given.length === expected.length && timingSafeEqual(given, expected) ? phoneHash : null;
}
