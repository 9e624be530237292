"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import { FormAlert } from "@/components/form-alert";
import { waitLabel } from "@/lib/format";
import { signInWithPassword } from "./sign-in";

const MESSAGES: Record<string, string> = {
  invalid: "用户名或密码错误，请重新输入。",
  unavailable: "系统暂时无法登录，请稍后再试。",
};

/** The page's words for next-auth's error code; a wait comes as `locked:60` or `throttled:40`. */
function errorMessage(code: string): string {
  const [kind, seconds] = code.split(":");
  const wait = waitLabel(Number(seconds) || 60);
  if (kind === "locked")
    return `密码错误次数过多，请 ${wait}后再试。多次输错等待会逐次加长；急需登录请联系管理员解锁（系统管理 → 人员 → 解除登录限制）。`;
  if (kind === "throttled") return `本机登录尝试过于频繁，请 ${wait}后再试。`;
  return MESSAGES[kind] ?? "登录失败，请稍后再试。";
}

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
      const failure = await signInWithPassword(username, password);
      if (failure !== null) {
        setError(errorMessage(failure));
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
      <Field
        label="用户名"
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        density="staff"
        error={fieldErrors.username}
      />
      <Field
        label="密码"
        name="password"
        type="password"
        autoComplete="current-password"
        density="staff"
        error={fieldErrors.password}
      />
      <FormAlert message={error} />
      <Button type="submit" disabled={!isReady} pending={pending} pendingLabel="正在登录…">
        登录
      </Button>
    </form>
  );
}
