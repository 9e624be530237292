import type { Metadata } from "next";
import Link from "next/link";
import { StaffHeader } from "@/components/staff-header";
import { listCalendarOverrides } from "@/lib/admin/calendar";
import { getCalendarSettings } from "@/lib/admin/get-calendar-settings";
import { requirePageRole } from "@/lib/auth/session";
import { dateLabel, weekdayLabel } from "@/lib/format";
import { addDays, shanghaiDate } from "@/lib/time";
import { AdminNav } from "../_components/admin-nav";
import { HoursForm } from "./_components/hours-form";
import { OverrideForm } from "./_components/override-form";
import { RemoveOverrideButton } from "./_components/remove-override-button";
import { WeekendPostForm } from "./_components/weekend-post-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "办公日历" };

export default async function CalendarPage() {
  const actor = await requirePageRole(["admin"], "/admin/calendar");
  const [overrides, settings] = await Promise.all([listCalendarOverrides({ actor }), getCalendarSettings({ actor })]);
  const monday = settings.hours.find((h) => h.weekday === 1) ?? settings.hours[0];
  const hours = {
    weekdays: settings.hours.length ? settings.hours.map((h) => h.weekday) : [1, 2, 3, 4, 5],
    morningStart: monday?.morningStart ?? "08:30",
    morningEnd: monday?.morningEnd ?? "12:00",
    afternoonStart: monday?.afternoonStart ?? "13:30",
    afternoonEnd: monday?.afternoonEnd ?? "17:00",
  };
  const tomorrow = addDays(shanghaiDate(), 1);
  return (
    <>
      <StaffHeader actor={actor} title="办公日历" />
      <main className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <AdminNav current="/admin/calendar" />
        <p className="text-slate-700">
          改动会影响已有预约时，保存前会先显示受影响的预约数；确认后这些预约会被取消（或改到新地点），并逐一短信通知群众。
          下村服务日的轮换在
          <Link href="/admin/calendar/villages" className="text-brand-700 underline">
            下村服务日
          </Link>
          页面安排。
        </p>

        <section aria-labelledby="hours-title" className="space-y-2">
          <h2 id="hours-title" className="text-xl font-bold">
            办公时间与午休
          </h2>
          <ul className="text-sm text-slate-700" data-testid="hours">
            {settings.hours.map((h) => (
              <li key={h.weekday}>
                {weekdayLabel(h.weekday)}：{h.morningStart}–{h.morningEnd}，{h.afternoonStart}–{h.afternoonEnd}
              </li>
            ))}
          </ul>
          <HoursForm current={hours} />
        </section>

        <section aria-labelledby="posts-title" className="space-y-2">
          <h2 id="posts-title" className="text-xl font-bold">
            周末服务岗
          </h2>
          <p className="text-sm text-slate-600">
            每周的安排遇法定节假日和调休上班日自动跳过；指定日期的安排只改那一天。
          </p>
          <div className="grid gap-3 lg:grid-cols-2">
            {([6, 7] as const).map((weekday) => (
              <WeekendPostForm
                key={weekday}
                weekday={weekday}
                current={settings.weekendPosts.find((p) => p.weekday === weekday) ?? null}
                staff={settings.staff}
              />
            ))}
          </div>
          <WeekendPostForm minDate={tomorrow} current={null} staff={settings.staff} />
          <table className="w-full rounded-xl bg-white text-left shadow-sm" data-testid="roster">
            <caption className="p-2 text-left font-semibold">近期周末服务岗</caption>
            <thead>
              <tr className="border-b">
                <th className="p-2">日期</th>
                <th className="p-2">地点</th>
                <th className="p-2">时间</th>
                <th className="p-2">值班人员</th>
              </tr>
            </thead>
            <tbody>
              {settings.roster.map((r) => (
                <tr key={r.date} className="border-b border-slate-100">
                  <td className="p-2">{dateLabel(r.date)}</td>
                  <td className="p-2">{r.isCancelled ? "（暂停）" : r.location}</td>
                  <td className="p-2">
                    {r.startTime}–{r.endTime}
                  </td>
                  <td className="p-2">{r.staff ?? "未指定"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section aria-labelledby="overrides-title" className="space-y-2">
          <h2 id="overrides-title" className="text-xl font-bold">
            节假日调整
          </h2>
          <p className="text-sm text-slate-600">
            法定节假日和调休按国务院办公厅通知自动执行；这里登记本中心的临时休息或加班开放。同一天再保存一次即修改。
          </p>
          <OverrideForm minDate={shanghaiDate()} />
          <ul className="divide-y divide-slate-100 rounded-xl bg-white shadow-sm" data-testid="overrides">
            {overrides.length === 0 && <li className="p-3 text-slate-600">暂无调整。</li>}
            {overrides.map((o) => (
              <li key={o.date} className="flex flex-wrap items-start justify-between gap-3 p-3">
                <span>
                  {dateLabel(o.date)}（{o.date}）：{o.isOpen ? "开放" : "休息"}，{o.reason}
                </span>
                <RemoveOverrideButton date={o.date} />
              </li>
            ))}
          </ul>
        </section>
      </main>
    </>
  );
}
