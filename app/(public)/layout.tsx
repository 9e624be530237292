import Link from "next/link";
import { Suspense } from "react";
import { publicHall } from "@/app/_lib/public-hall";
import { isElderMode } from "@/lib/preferences/elder-mode";
import { ElderToggle } from "./_components/elder-toggle";

export const dynamic = "force-dynamic";

const NAV = [
  ["/services", "办事指南"],
  ["/lookup", "我的预约"],
  ["/queue", "排队进度"],
  ["/track", "办件进度"],
] as const;

export default async function PublicLayout({ children }: { children: React.ReactNode }) {
  const [hall, elder] = await Promise.all([publicHall(), isElderMode()]);
  return (
    <div
      className={`public flex min-h-screen flex-col text-lg leading-relaxed ${elder ? "elder" : ""}`}
      data-elder={elder ? "on" : "off"}
    >
      <header className="bg-brand-700 text-white">
        <div className="mx-auto flex max-w-3xl items-center justify-between gap-3 px-4 py-3">
          <Link href="/" className="flex min-w-0 items-center gap-2 text-xl font-bold">
            <span aria-hidden className="shrink-0 rounded-md bg-white px-2 py-0.5 whitespace-nowrap text-brand-700">
              一窗
            </span>
            <span className="leading-tight">{hall.name}</span>
          </Link>
          <Suspense>
            <ElderToggle isOn={elder} />
          </Suspense>
        </div>
        <nav
          aria-label="网站导航"
          className="mx-auto grid max-w-3xl grid-cols-2 gap-1 px-2 pb-2 text-base min-[375px]:grid-cols-4 sm:flex"
        >
          {NAV.map(([href, label]) => (
            <Link
              key={href}
              href={href}
              className="flex items-center justify-center rounded-md px-1 font-semibold whitespace-nowrap hover:bg-white/10 sm:px-3"
            >
              {label}
            </Link>
          ))}
        </nav>
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
