import "server-only";
import { cookies } from "next/headers";

// 长辈模式: larger text (≥ 20 px), touch targets ≥ 64 px and stronger contrast on every public
// page, remembered by a cookie so that it stays on for the whole visit and the next.
const COOKIE = "yc_elder";

export async function isElderMode(): Promise<boolean> {
  return (await cookies()).get(COOKIE)?.value === "1";
}

export async function setElderMode(on: boolean) {
  (await cookies()).set(COOKIE, on ? "1" : "0", { path: "/", maxAge: 60 * 60 * 24 * 365, sameSite: "lax" });
}
