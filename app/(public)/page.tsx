import Link from "next/link";
import { listDepartments } from "@/lib/catalogue";
import { dateLabel, weekdayLabel } from "@/lib/format";
import { publicHall } from "@/app/_lib/public-hall";
import { getOpeningHours } from "@/lib/hall";
import { getUpcomingSessions } from "@/lib/hall/calendar";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const hall = await publicHall();
  const [departments, hours, upcoming] = await Promise.all([
    listDepartments({ hallId: hall.id }),
    getOpeningHours(hall.id),
    getUpcomingSessions({ hallId: hall.id }),
  ]);
  const itemCount = departments.reduce((sum, d) => sum + d.items, 0);
  const first = hours[0];
  const last = hours[hours.length - 1];
  return (
    <div className="space-y-6">
      <section>
        <h1 className="text-2xl font-bold">您好，欢迎来办事</h1>
        <p className="mt-1 text-slate-700">
          区级部门 {departments.length} 个单位的 {itemCount}{" "}
          个事项，都可以在服务中心“一窗受理”。办事前先看看要带哪些材料，只跑一次。
        </p>
      </section>

      <nav aria-label="主要功能" className="grid gap-3 sm:grid-cols-2">
        <Link
          href="/services"
          className="flex min-h-[72px] items-center justify-between rounded-xl bg-brand-600 px-5 text-xl font-bold text-white shadow hover:bg-brand-700"
        >
          办事指南 · 预约 <span aria-hidden>›</span>
        </Link>
        <Link
          href="/lookup"
          className="flex min-h-[72px] items-center justify-between rounded-xl border-2 border-brand-600 bg-white px-5 text-xl font-bold text-brand-700 hover:bg-brand-50"
        >
          我的预约 · 改约取消 <span aria-hidden>›</span>
        </Link>
        <Link
          href="/services?channel=village"
          className="flex min-h-[72px] items-center justify-between rounded-xl border-2 border-brand-600 bg-white px-5 text-xl font-bold text-brand-700 hover:bg-brand-50"
        >
          下村日能办的事 <span aria-hidden>›</span>
        </Link>
        <Link
          href="/services?channel=weekend"
          className="flex min-h-[72px] items-center justify-between rounded-xl border-2 border-brand-600 bg-white px-5 text-xl font-bold text-brand-700 hover:bg-brand-50"
        >
          周末能办的事 <span aria-hidden>›</span>
        </Link>
      </nav>

      <section className="rounded-xl bg-white p-4 shadow-sm">
        <h2 className="text-xl font-bold">服务中心办公时间</h2>
        {first && (
          <p className="mt-1">
            {weekdayLabel(first.weekday)}至{weekdayLabel(last.weekday)} 上午 {first.morning}，下午 {first.afternoon}
          </p>
        )}
        <p className="text-base text-slate-600">法定节假日休息，调休上班日正常办公。</p>
      </section>

      <section className="rounded-xl bg-white p-4 shadow-sm">
        <h2 className="text-xl font-bold">近期周末服务岗和下村日</h2>
        {upcoming.length === 0 ? (
          <p className="mt-1 text-slate-600">近期没有安排。</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-100">
            {upcoming.map((s) => (
              <li key={`${s.channel}-${s.date}`} className="py-2">
                <span className="font-semibold">{dateLabel(s.date)}</span>{" "}
                {s.channel === "weekend" ? (
                  <span>
                    周末服务岗 {s.start}–{s.end}，{s.location}
                  </span>
                ) : (
                  <span>
                    {s.theme}：{s.location} {s.start}–{s.end}
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="rounded-xl bg-white p-4 shadow-sm">
        <h2 className="text-xl font-bold">按部门找事项</h2>
        <ul className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-3">
          {departments.map((d) => (
            <li key={d.code}>
              <Link
                href={`/services?department=${d.code}`}
                className="flex min-h-[60px] items-center justify-between rounded-lg border border-slate-200 px-3 hover:bg-brand-50"
              >
                <span>{d.shortName}</span>
                <span className="text-base text-slate-600">{d.items} 项</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
