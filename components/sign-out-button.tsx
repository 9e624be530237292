"use client";

import { signOut } from "next-auth/react";

export function SignOutButton({ className }: { className?: string }) {
  return (
    <button
      type="button"
      onClick={() => signOut({ callbackUrl: "/login" })}
      className={className ?? "min-h-11 rounded-md border border-white/60 px-3 hover:bg-white/10"}
    >
      退出登录
    </button>
  );
}
