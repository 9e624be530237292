"use client";

import { signIn } from "next-auth/react";
import { useEffect, useState } from "react";

const MESSAGES: Record<string, string> = {
  invalid: "用户名或密码错误，请重新输入。",
  locked: "密码连续输错 5 次，账户已锁定 15 分钟。请稍后再试，或联系管理员解锁。",
  unavailable: "系统暂时无法登录，请稍后再试。",
};

export function LoginForm({ next }: { next?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<{ username?: string; password?: string }>({});
  const [pending, setPending] = useState(false);
  // Until React has hydrated the form, a tap would submit it natively (and reload the page):
  // keep the button disabled until then.
  const [isReady, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const username = String(form.get("username") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const missing = { username: username ? undefined : "请输入用户名", password: password ? undefined : "请输入密码" };
    setFieldErrors(missing);
    setError(null);
    if (missing.username || missing.password) return;
    setPending(true);
    try {
      const result = await signIn("credentials", { username, password, redirect: false });
      if (!result || result.error) {
        setError(MESSAGES[result?.error ?? ""] ?? "登录失败，请稍后再试。");
        return;
      }
      window.location.assign(next ? `/staff?next=${encodeURIComponent(next)}` : "/staff");
    } catch {
      setError("网络连接失败，请检查网络后重试。");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} method="post" noValidate className="mt-5 space-y-4">
      <div>
        <label htmlFor="username" className="block font-semibold">
          用户名
        </label>
        <input
          id="username"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          className="mt-1 min-h-[56px] w-full rounded-lg border-2 border-slate-400 px-3"
          aria-invalid={!!fieldErrors.username}
          aria-describedby="username-error"
        />
        {fieldErrors.username && (
          <p id="username-error" className="mt-1 text-base text-red-700">
            {fieldErrors.username}
          </p>
        )}
      </div>
      <div>
        <label htmlFor="password" className="block font-semibold">
          密码
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          className="mt-1 min-h-[56px] w-full rounded-lg border-2 border-slate-400 px-3"
          aria-invalid={!!fieldErrors.password}
          aria-describedby="password-error"
        />
        {fieldErrors.password && (
          <p id="password-error" className="mt-1 text-base text-red-700">
            {fieldErrors.password}
          </p>
        )}
      </div>
      {error && (
        <p role="alert" className="rounded-lg border-2 border-red-700 bg-red-50 p-3 text-base text-red-800">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={pending || !isReady}
        className="min-h-[60px] w-full rounded-lg bg-brand-600 text-xl font-bold text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {pending ? "正在登录…" : "登录"}
      </button>
    </form>
  );
}
