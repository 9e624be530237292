import Link from "next/link";
import { getCurrentHall } from "@/lib/hall";

export const dynamic = "force-dynamic";

export default async function PublicLayout({ children }: { children: React.ReactNode }) {
  const hall = await getCurrentHall();
  return (
    <div className="flex min-h-screen flex-col text-lg leading-relaxed">
      <header className="bg-brand-700 text-white">
        <div className="mx-auto flex max-w-3xl items-center justify-between gap-3 px-4 py-3">
          <Link href="/" className="flex min-h-12 items-center gap-2 text-xl font-bold">
            <span aria-hidden className="rounded-md bg-white px-2 py-0.5 text-brand-700">一窗</span>
            {hall.name}
          </Link>
        </div>
      </header>
      <main className="mx-auto w-full max-w-3xl flex-1 px-4 py-5">{children}</main>
      <footer className="border-t border-slate-200 bg-white">
        <div className="mx-auto max-w-3xl px-4 py-4 text-base text-slate-700">
          <p>地址：{hall.address}</p>
          <p>
            咨询电话：
            <a className="font-semibold text-brand-700 underline" href={`tel:${hall.phone}`}>
              {hall.phone}
            </a>
          </p>
          <p className="mt-2">
            <Link href="/login" className="text-slate-600 underline">
              工作人员登录
            </Link>
          </p>
        </div>
      </footer>
    </div>
  );
}
