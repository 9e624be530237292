"use server";

import { redirect } from "next/navigation";
import { setElderMode } from "@/lib/preferences/elder-mode";

/** Switch elder mode and come back to the same page. */
export async function toggleElderMode(formData: FormData) {
  await setElderMode(formData.get("on") === "1");
  const back = String(formData.get("returnTo") ?? "/");
  // Only paths of this site: never an open redirect.
  redirect(back.startsWith("/") && !back.startsWith("//") ? back : "/");
}
