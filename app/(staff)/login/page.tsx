import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/session";
import { LoginForm } from "./_components/login-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "工作人员登录" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const next = typeof params.next === "string" ? params.next : undefined;
  const actor = await getActor();
  if (actor) redirect(next ? `/staff?next=${encodeURIComponent(next)}` : "/staff");
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-100 px-4 text-lg">
      <div className="w-full max-w-sm rounded-2xl bg-white p-6 shadow">
        <h1 className="text-2xl font-bold">工作人员登录</h1>
        <p className="mt-1 text-base text-slate-600">便民服务中心 · 窗口、后台、管理与大厅设备</p>
        <LoginForm next={next} />
      </div>
    </main>
  );
}
