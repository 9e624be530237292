import type { Metadata } from "next";
import { StaffHeader } from "@/components/staff-header";
import { listCalendarOverrides } from "@/lib/admin/calendar";
import { requirePageRole } from "@/lib/auth/session";
import { dateLabel } from "@/lib/format";
import { shanghaiDate } from "@/lib/time";
import { AdminNav } from "../_components/admin-nav";
import { OverrideForm } from "./_components/override-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "办公日历" };

export default async function CalendarPage() {
  const actor = await requirePageRole(["admin"], "/admin/calendar");
  const overrides = await listCalendarOverrides({ actor });
  return (
    <>
      <StaffHeader actor={actor} title="办公日历" />
      <main className="mx-auto max-w-6xl space-y-4 px-4 py-6">
        <AdminNav current="/admin/calendar" />
        <p className="text-sm text-slate-600">
          法定节假日和调休按国务院办公厅通知自动执行；这里登记本中心的临时休息或加班开放。已有预约的日期改为休息时，请另行电话通知群众。
        </p>
        <OverrideForm minDate={shanghaiDate()} />
        <ul className="divide-y divide-slate-100 rounded-xl bg-white shadow-sm" data-testid="overrides">
          {overrides.length === 0 && <li className="p-3 text-slate-600">暂无调整。</li>}
          {overrides.map((o) => (
            <li key={o.date} className="flex justify-between p-3">
              <span>
                {dateLabel(o.date)}（{o.date}）
              </span>
              <span>
                {o.isOpen ? "开放" : "休息"}：{o.reason}
              </span>
            </li>
          ))}
        </ul>
      </main>
    </>
  );
}
