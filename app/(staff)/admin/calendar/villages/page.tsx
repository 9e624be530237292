import type { Metadata } from "next";
import { StaffHeader } from "@/components/staff-header";
import { getCalendarSettings } from "@/lib/admin/get-calendar-settings";
import { requirePageRole } from "@/lib/auth/session";
import { dateLabel } from "@/lib/format";
import { addDays, isoWeekday, shanghaiDate } from "@/lib/time";
import { AdminNav } from "../../_components/admin-nav";
import { RotationForm } from "../_components/rotation-form";
import { VillageContactForm } from "../_components/village-contact-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "下村服务日" };

/** The first day of next month that falls on the weekday: where a new rotation usually starts. */
function firstOfNextMonth(weekday: number) {
  const today = shanghaiDate();
  let day = `${today.slice(0, 7)}-01`;
  day = addDays(day, 32);
  day = `${day.slice(0, 7)}-01`;
  while (isoWeekday(day) !== weekday) day = addDays(day, 1);
  return day;
}

export default async function VillageDaysPage() {
  const actor = await requirePageRole(["admin"], "/admin/calendar/villages");
  const settings = await getCalendarSettings({ actor });
  const rule = settings.villageRule;
  return (
    <>
      <StaffHeader actor={actor} title="下村服务日" />
      <main className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <AdminNav current="/admin/calendar/villages" />
        <section aria-labelledby="upcoming-title" className="space-y-2">
          <h2 id="upcoming-title" className="text-xl font-bold">
            近期安排
          </h2>
          <table className="w-full rounded-xl bg-white text-left shadow-sm" data-testid="visits">
            <thead>
              <tr className="border-b">
                <th className="p-2">日期</th>
                <th className="p-2">村社</th>
                <th className="p-2">主题</th>
                <th className="p-2">地点</th>
                <th className="p-2">人员</th>
              </tr>
            </thead>
            <tbody>
              {settings.visits.map((v) => (
                <tr key={`${v.date}${v.village}`} className="border-b border-slate-100">
                  <td className="p-2">{dateLabel(v.date)}</td>
                  <td className="p-2">{v.village}</td>
                  <td className="p-2">{v.theme}</td>
                  <td className="p-2">{v.location}</td>
                  <td className="p-2">{v.staff ?? "未指定"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section aria-labelledby="rotation-title" className="space-y-2">
          <h2 id="rotation-title" className="text-xl font-bold">
            轮换安排
          </h2>
          <p className="text-sm text-slate-600">
            从生效日期起，每个工作的下村日依次去下一个村、讲下一个主题（遇节假日顺延）。已排好的日期随之调整，受影响的预约会先显示数量，确认后取消并短信通知。
          </p>
          <RotationForm
            defaultStartsOn={firstOfNextMonth(rule?.weekday ?? 2)}
            rule={rule}
            rotation={settings.rotation}
            themes={settings.themes}
            villages={settings.villages}
            staff={settings.staff}
            categories={settings.categories}
          />
        </section>
        <section aria-labelledby="contacts-title" className="space-y-2">
          <h2 id="contacts-title" className="text-xl font-bold">
            村社联系人
          </h2>
          <div className="grid gap-2 md:grid-cols-2">
            {settings.villages.map((v) => (
              <VillageContactForm key={v.id} village={v} />
            ))}
          </div>
        </section>
      </main>
    </>
  );
}
