"use client";

import { getSession } from "next-auth/react";
import { useEffect } from "react";

// Renews the staff session while someone is actually working (a click or a key press at most
// every five minutes), so that an unattended console expires after the idle period.
export function SessionKeeper() {
  useEffect(() => {
    let last = Date.now();
    const onActivity = () => {
      if (Date.now() - last < 5 * 60_000) return;
      last = Date.now();
      void getSession();
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
