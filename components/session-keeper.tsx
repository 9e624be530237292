"use client";

import { useEffect } from "react";

// Renews the staff session while someone is actually working (a click or a key press at most
// every five minutes), so that an unattended console expires after the idle period. Reading
// next-auth's session endpoint re-issues the cookie; a plain fetch does what next-auth/react's
// getSession would, without shipping that library to every staff page.
export function SessionKeeper() {
  useEffect(() => {
    let last = Date.now();
    const onActivity = () => {
      if (Date.now() - last < 5 * 60_000) return;
      last = Date.now();
      void fetch("/api/auth/session", { credentials: "same-origin", cache: "no-store" }).catch(() => {});
    };
    window.addEventListener("pointerdown", onActivity);
    window.addEventListener("keydown", onActivity);
    return () => {
      window.removeEventListener("pointerdown", onActivity);
      window.removeEventListener("keydown", onActivity);
    };
  }, []);
  return null;
}
