import type { Metadata } from "next";
import Link from "next/link";
import { DataTable } from "@/components/data-table";
import { StaffHeader } from "@/components/staff-header";
import { requirePageRole } from "@/lib/auth/session";
import { CHANNEL_LABEL } from "@/lib/format";
import { getYearSummary } from "@/lib/reports";
import { shanghaiDate } from "@/lib/time";
import type { Channel } from "@/db/schema";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "办件统计" };

const CARD = "rounded-xl bg-white p-4 shadow-sm";
const NO_CASES = "这一年没有办件";
const pct = (rate: number | null) => (rate === null ? "—" : `${(rate * 100).toFixed(1)}%`);

export default async function ReportsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePageRole(["manager", "admin"], "/reports");
  const thisYear = Number(shanghaiDate().slice(0, 4));
  const { year: rawYear } = await searchParams;
  const asked = typeof rawYear === "string" && /^\d{4}$/.test(rawYear) ? Number(rawYear) : thisYear - 1;
  const year = asked >= 2000 && asked <= thisYear ? asked : thisYear - 1;
  const summary = await getYearSummary({ actor, year });
  const maxMonth = Math.max(1, ...summary.byMonth.map((m) => m.cases));

  return (
    <>
      <StaffHeader actor={actor} title="办件统计" />
      <main className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <nav className="flex flex-wrap gap-2" aria-label="年份">
          {[thisYear - 2, thisYear - 1, thisYear].map((y) => (
            <Link
              key={y}
              href={`/reports?year=${y}`}
              aria-current={y === year ? "page" : undefined}
              className={`rounded-md px-3 py-2 ${y === year ? "bg-slate-800 text-white" : "bg-white shadow-sm"}`}
            >
              {y} 年
            </Link>
          ))}
          <Link
            href="/reports/follow-ups"
            className="ml-auto rounded-md bg-amber-100 px-3 py-2 font-semibold text-amber-950"
          >
            差评回访整改 →
          </Link>
        </nav>
        <section className="grid gap-4 sm:grid-cols-4">
          <div className="rounded-xl bg-white p-4 shadow-sm">
            <p className="text-sm text-slate-600">{year} 年窗口总办件量</p>
            <p className="text-3xl font-bold" data-testid="year-total">
              {summary.total.toLocaleString("zh-CN")}
            </p>
            <p className="text-xs text-slate-500" data-testid="year-not-accepted">
              其中不予受理 {summary.notAccepted.toLocaleString("zh-CN")} 件
            </p>
          </div>
          <div className="rounded-xl bg-white p-4 shadow-sm">
            <p className="text-sm text-slate-600">满意率（满意及以上）</p>
            <p className="text-3xl font-bold">{pct(summary.satisfaction.rate)}</p>
            <p className="text-xs text-slate-500">{summary.satisfaction.rated} 条评价</p>
          </div>
          <div className="rounded-xl bg-white p-4 shadow-sm">
            <p className="text-sm text-slate-600">承诺件按时办结率</p>
            <p className="text-3xl font-bold">{pct(summary.onTime.rate)}</p>
            <p className="text-xs text-slate-500">{summary.onTime.promised} 件承诺件</p>
          </div>
          <div className="rounded-xl bg-white p-4 shadow-sm">
            <p className="text-sm text-slate-600">平均等候</p>
            <p className="text-3xl font-bold">{summary.waiting.averageMinutes ?? "—"} 分钟</p>
            <p className="text-xs text-slate-500">90% 在 {summary.waiting.p90Minutes ?? "—"} 分钟内叫号</p>
          </div>
        </section>

        <section className="rounded-xl bg-white p-4 shadow-sm">
          <h2 className="text-lg font-bold">按月办件量</h2>
          <ol className="mt-3 grid grid-cols-12 items-end gap-1" style={{ height: 180 }}>
            {summary.byMonth.map((m) => (
              <li key={m.month} className="flex h-full flex-col items-center justify-end text-xs">
                <span>{m.cases}</span>
                <span
                  className="w-full rounded-t bg-brand-600"
                  style={{ height: `${(m.cases / maxMonth) * 130}px` }}
                  aria-hidden
                />
                <span>{m.month}月</span>
              </li>
            ))}
          </ol>
        </section>

        <section className="grid gap-4 md:grid-cols-3">
          <DataTable
            caption="按渠道"
            className={CARD}
            rows={summary.byChannel}
            rowKey={(c) => c.channel}
            empty={NO_CASES}
            columns={[
              { header: "渠道", cell: (c) => CHANNEL_LABEL[c.channel as Channel] },
              { header: "办件量", cell: (c) => c.cases, isNumeric: true },
            ]}
          />
          <DataTable
            caption="按部门"
            className={CARD}
            rows={summary.byDepartment}
            rowKey={(d) => d.code}
            empty={NO_CASES}
            columns={[
              { header: "部门", cell: (d) => d.name },
              { header: "办件量", cell: (d) => d.cases, isNumeric: true },
            ]}
          />
          <DataTable
            caption="办件最多的事项"
            className={CARD}
            rows={summary.topItems.map((item, i) => ({ ...item, rank: i + 1 }))}
            rowKey={(i) => i.code}
            empty={NO_CASES}
            columns={[
              { header: "名次", cell: (i) => i.rank, isNumeric: true },
              { header: "事项", cell: (i) => i.name },
              { header: "办件量", cell: (i) => i.cases, isNumeric: true },
            ]}
          />
        </section>
      </main>
    </>
  );
}
