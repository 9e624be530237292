"use server";

import { redirect } from "next/navigation";
import { signOutCurrentStaff } from "@/lib/auth/sign-out-current";

/** 退出登录 on every staff page: a plain form posts here, so no next-auth/react ships to the browser. */
export async function signOut(): Promise<void> {
  await signOutCurrentStaff();
  redirect("/login");
}
