"use client";

import { useEffect, useRef, useState } from "react";
import { confirmStaffExit } from "@/app/kiosk/actions";

/** How long a member of staff holds the corner before the password dialog opens. */
export const STAFF_HOLD_MS = 3000;

/**
 * "退出登录" out of the public's reach: an unmarked corner that opens, after a long press, a
 * dialog asking for the device account's password. A tap or a short press does nothing.
 */
export function StaffExit() {
  const [isOpen, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const input = useRef<HTMLInputElement>(null);

  function startHold() {
    cancelHold();
    timer.current = setTimeout(() => {
      setOpen(true);
      setPassword("");
      setMessage(null);
    }, STAFF_HOLD_MS);
  }
  function cancelHold() {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  }
  useEffect(() => cancelHold, []);
  useEffect(() => {
    if (isOpen) input.current?.focus();
  }, [isOpen]);
  // Left open and forgotten, the dialog closes itself before the next villager arrives.
  useEffect(() => {
    if (!isOpen) return;
    const close = setTimeout(() => setOpen(false), 60_000);
    return () => clearTimeout(close);
  }, [isOpen, password]);

  async function submit() {
    setBusy(true);
    // The right password signs the device out on the server and moves to the sign-in page.
    const refusal = await confirmStaffExit({ password });
    setBusy(false);
    if (refusal) {
      setMessage(refusal.message);
      setPassword("");
    }
  }

  return (
    <>
      <div
        aria-hidden="true"
        data-testid="kiosk-staff-corner"
        className="fixed top-0 left-0 z-40 h-24 w-24 touch-none select-none"
        onPointerDown={startHold}
        onPointerUp={cancelHold}
        onPointerLeave={cancelHold}
        onPointerCancel={cancelHold}
        onContextMenu={(e) => e.preventDefault()}
      />
      {isOpen && (
        <div className="fixed inset-0 z-50 flex items-center justify-center bg-slate-950/80 p-6">
          <form
            role="dialog"
            aria-modal="true"
            aria-labelledby="staff-exit-title"
            className="w-full max-w-lg rounded-3xl bg-white p-8 text-slate-900"
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <h2 id="staff-exit-title" className="text-3xl font-bold">
              工作人员操作
            </h2>
            <label className="mt-6 block text-2xl font-bold">
              本机账号密码
              <input
                ref={input}
                type="password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                autoComplete="current-password"
                className="mt-2 block min-h-[64px] w-full rounded-xl border-4 border-slate-700 bg-white px-4 text-3xl text-slate-900"
              />
            </label>
            {message && (
              <p role="alert" className="mt-4 text-2xl font-bold text-red-800">
                {message}
              </p>
            )}
            <div className="mt-6 flex gap-4">
              <button
                type="submit"
                disabled={busy || !password}
                className="min-h-[64px] flex-1 rounded-xl bg-red-700 px-6 text-2xl font-bold text-white disabled:opacity-60"
              >
                退出登录
              </button>
              <button
                type="button"
                onClick={() => setOpen(false)}
                className="min-h-[64px] flex-1 rounded-xl border-4 border-slate-700 px-6 text-2xl font-bold"
              >
                取消
              </button>
            </div>
          </form>
        </div>
      )}
    </>
  );
}
