"use client";

import { useEffect, useState, useTransition, type MouseEvent } from "react";
import { Field } from "@/components/field";
import { sendBookingCode } from "@/app/(public)/book/actions";

/** What outlives a failed submit (the form remounts): the countdown and the last answer. */
export interface PhoneCodeProgress {
  resendAt: number;
  notice?: { text: string; isError: boolean; demoCode?: string };
}

/**
 * The SMS code (短信验证码) box with its 获取验证码 button: large, one tap, and a 60 s countdown
 * before the next code, so that an elderly villager sees that the message is on its way.
 */
export function PhoneCodeField(props: {
  defaultValue?: string;
  error?: string;
  progress: PhoneCodeProgress;
  onProgress: (next: PhoneCodeProgress) => void;
}) {
  const { progress, onProgress } = props;
  const [now, setNow] = useState(() => Date.now());
  const [isPending, startTransition] = useTransition();
  const secondsLeft = Math.max(0, Math.ceil((progress.resendAt - now) / 1000));

  useEffect(() => {
    if (progress.resendAt <= Date.now()) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [progress.resendAt]);

  function send(event: MouseEvent<HTMLButtonElement>) {
    const phoneInput = event.currentTarget.form?.elements.namedItem("phone");
    const phone = phoneInput instanceof HTMLInputElement ? phoneInput.value : "";
    startTransition(async () => {
      const result = await sendBookingCode(phone);
      const at = Date.now();
      setNow(at);
      if (result.ok) {
        onProgress({
          resendAt: at + result.resendAfterSeconds * 1000,
          notice: {
            text: `验证码已发送到 ${phone.slice(0, 3)}****${phone.slice(-4)}，10 分钟内有效。`,
            isError: false,
            demoCode: result.demoCode,
          },
        });
      } else {
        onProgress({
          resendAt: result.retryAfter && result.retryAfter <= 120 ? at + result.retryAfter * 1000 : progress.resendAt,
          notice: { text: result.message, isError: true },
        });
      }
    });
  }

  const notice = progress.notice;
  return (
    <div>
      <Field
        as="custom"
        id="phoneCode"
        label="短信验证码"
        error={props.error}
        hint="点“获取验证码”，把手机短信里的 6 位数字填在这里。"
      >
        {(control) => (
          <div className="mt-1 flex gap-2">
            <input
              {...control}
              name="phoneCode"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              defaultValue={props.defaultValue}
              className={`${control.className} mt-0 min-w-0 flex-1 text-xl tracking-widest`}
            />
            <button
              type="button"
              onClick={send}
              disabled={isPending || secondsLeft > 0}
              className="min-h-[60px] shrink-0 rounded-lg border-2 border-brand-600 bg-white px-3 text-lg font-bold text-brand-700 disabled:border-slate-400 disabled:text-slate-600"
            >
              {isPending ? "正在发送…" : secondsLeft > 0 ? `${secondsLeft} 秒后重发` : "获取验证码"}
            </button>
          </div>
        )}
      </Field>
      {notice && (
        <div
          role={notice.isError ? "alert" : "status"}
          className={`mt-2 rounded-lg p-3 text-base ${notice.isError ? "bg-red-50 font-semibold text-red-800" : "bg-green-50 text-green-900"}`}
        >
          <p>{notice.text}</p>
          {notice.demoCode && (
            <p className="mt-1" data-testid="demo-phone-code">
              演示模式不发真短信，验证码是 <strong className="text-2xl tracking-widest">{notice.demoCode}</strong>
            </p>
          )}
        </div>
      )}
    </div>
  );
}
