import Link from "next/link";
import { getActor, ROLE_HOME, ROLE_LABEL } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export default async function ForbiddenPage() {
  const actor = await getActor();
  return (
    <main className="mx-auto max-w-xl px-4 py-16 text-center text-lg">
      <h1 className="text-2xl font-bold">无权访问此页面</h1>
      <p className="mt-2 text-slate-700">
        {actor ? `您当前以“${ROLE_LABEL[actor.role]}”身份登录，该页面不在您的权限范围内。` : "请先登录。"}
      </p>
      <Link
        href={actor ? ROLE_HOME[actor.role] : "/login"}
        className="mt-6 inline-flex min-h-[60px] items-center rounded-lg bg-brand-600 px-6 font-bold text-white"
      >
        {actor ? "回到我的工作台" : "去登录"}
      </Link>
    </main>
  );
}
