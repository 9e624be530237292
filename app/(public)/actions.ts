"use server";

import { redirect } from "next/navigation";
import { localPath } from "@/lib/http/local-path";
import { setElderMode } from "@/lib/preferences/elder-mode";

/** Switch elder mode and come back to the same page. */
export async function toggleElderMode(formData: FormData) {
  await setElderMode(formData.get("on") === "1");
  redirect(localPath(formData.get("returnTo")));
}
