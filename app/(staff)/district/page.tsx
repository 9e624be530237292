import type { Metadata } from "next";
import Link from "next/link";
import { StaffHeader } from "@/components/staff-header";
import { requirePageRole } from "@/lib/auth/session";
import { getDistrictOverview } from "@/lib/reports/get-report";
import { FIRST_REPORT_YEAR, yearRange } from "@/lib/reports/report-range";
import { yearOnYear, type DistrictOverview, type Rate } from "@/lib/reports/types";
import { shanghaiDate } from "@/lib/time";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "全区概览" };

// How many years the year picker offers (this year and the ones before it).
const YEARS_SHOWN = 5;

const count = (n: number) => n.toLocaleString("zh-CN");
const percent = (rate: Rate) => (rate === null ? "—" : `${(rate * 100).toFixed(1)}%`);
/** 同比 in words as well as a sign, so that it never depends on colour alone. */
function change(current: number, previous: number) {
  const rate = yearOnYear(current, previous);
  if (rate === null) return { text: "—", label: "上年无办件，无法比较", tone: "text-slate-500" };
  const text = `${rate > 0 ? "+" : rate < 0 ? "−" : "±"}${Math.abs(rate * 100).toFixed(1)}%`;
  const label = rate > 0 ? `同比增长 ${text.slice(1)}` : rate < 0 ? `同比下降 ${text.slice(1)}` : "与上年持平";
  return { text, label, tone: rate < 0 ? "text-red-800" : "text-emerald-800" };
}

type HallRow = DistrictOverview["halls"][number];

/**
 * 区级监管: every hall of the district side by side for a year — the totals, 同比, the one-visit
 * rate (最多跑一次), on-time and satisfaction rates — with a link to each hall's whole report.
 * The district's account reads; it takes in and administers nothing.
 */
export default async function DistrictPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePageRole(["district"], "/district");
  const thisYear = Number(shanghaiDate().slice(0, 4));
  const { year: raw } = await searchParams;
  const asked = typeof raw === "string" && /^\d{4}$/.test(raw) ? Number(raw) : thisYear - 1;
  const year = asked >= FIRST_REPORT_YEAR && asked <= thisYear ? asked : thisYear - 1;
  const overview = await getDistrictOverview({ actor, range: yearRange(year) });
  const halls = overview.halls;
  const total = halls.reduce((s, h) => s + h.totals.total, 0);
  const previousTotal = halls.reduce((s, h) => s + h.previousTotal, 0);
  const sum = (pick: (h: HallRow) => number) => halls.reduce((s, h) => s + pick(h), 0);
  const years = Array.from({ length: YEARS_SHOWN }, (_, i) => thisYear - i).filter((y) => y >= FIRST_REPORT_YEAR);
  const isThisYear = year === thisYear;
  const districtChange = change(total, previousTotal);

  return (
    <>
      <StaffHeader actor={actor} title="全区概览" />
      <main className="mx-auto max-w-6xl space-y-5 px-4 py-5">
        <div className="flex flex-wrap items-center gap-2">
          <nav className="flex flex-wrap gap-2" aria-label="年份">
            {years.map((y) => (
              <Link
                key={y}
                href={`/district?year=${y}`}
                aria-current={y === year ? "page" : undefined}
                className={`rounded-md px-3 py-2 ${y === year ? "bg-slate-800 text-white" : "bg-white shadow-sm"}`}
              >
                {y} 年
              </Link>
            ))}
          </nav>
          <Link
            href="/reports/follow-ups"
            className="ml-auto rounded-md bg-amber-100 px-3 py-2 font-semibold text-amber-950"
          >
            各中心差评回访 →
          </Link>
        </div>

        <section className="grid gap-3 sm:grid-cols-3" aria-label="全区合计">
          <div className="rounded-xl bg-white p-4 shadow-sm">
            <p className="text-sm text-slate-600">
              {year} 年全区办件{isThisYear ? `（截至 ${shanghaiDate()}）` : ""}
            </p>
            <p className="text-3xl font-bold tabular-nums" data-testid="district-total">
              {count(total)}
            </p>
            <p className={`text-sm ${districtChange.tone}`}>
              <span className="sr-only">{districtChange.label}</span>
              <span aria-hidden="true">同比 {districtChange.text}</span>（上年同期 {count(previousTotal)} 件）
            </p>
          </div>
          <div className="rounded-xl bg-white p-4 shadow-sm">
            <p className="text-sm text-slate-600">服务中心</p>
            <p className="text-3xl font-bold tabular-nums">{halls.length}</p>
            <p className="text-sm text-slate-600">各中心只能查看本中心的报表，区级可查看全部</p>
          </div>
          <div className="rounded-xl bg-white p-4 shadow-sm">
            <p className="text-sm text-slate-600">全区合并报表</p>
            <Link href={`/reports?year=${year}`} className="mt-1 inline-block font-semibold text-brand-700 underline">
              打开全区 {year} 年报表 →
            </Link>
            <p className="text-sm text-slate-600">按月、按部门、按事项、好差评，全区合计</p>
          </div>
        </section>

        <section className="rounded-xl bg-white p-4 shadow-sm">
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="district-halls">
              <caption className="pb-2 text-left text-lg font-bold">
                {year} 年各服务中心办件对比
                <span className="ml-2 text-sm font-normal text-slate-600">
                  按受理日期统计；同比为与上年同期相比；率为“—”表示没有可计算的办件
                </span>
              </caption>
              <thead className="text-slate-600">
                <tr>
                  <th scope="col" className="px-2 py-1.5 font-semibold">
                    服务中心
                  </th>
                  <Numeric>办件总数</Numeric>
                  <Numeric>上年同期</Numeric>
                  <Numeric>同比</Numeric>
                  <Numeric>不予受理</Numeric>
                  <Numeric>已办结</Numeric>
                  <Numeric>在办</Numeric>
                  <Numeric>最多跑一次率</Numeric>
                  <Numeric>按时办结率</Numeric>
                  <Numeric>满意率</Numeric>
                  <th scope="col" className="px-2 py-1.5 font-semibold">
                    <span className="sr-only">报表</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {halls.length === 0 && (
                  <tr className="border-t border-slate-100">
                    <td colSpan={11} className="px-2 py-3 text-slate-600">
                      还没有服务中心
                    </td>
                  </tr>
                )}
                {halls.map((h) => {
                  const c = change(h.totals.total, h.previousTotal);
                  return (
                    <tr key={h.hallId} data-hall={h.code} className="border-t border-slate-100">
                      <th scope="row" className="px-2 py-2 font-semibold whitespace-nowrap">
                        {h.name}
                      </th>
                      <Cell>
                        <span className="text-base font-bold">{count(h.totals.total)}</span>
                      </Cell>
                      <Cell>{count(h.previousTotal)}</Cell>
                      <Cell className={c.tone}>
                        <span className="sr-only">{c.label}</span>
                        <span aria-hidden="true">{c.text}</span>
                      </Cell>
                      <Cell>{count(h.totals.notAccepted)}</Cell>
                      <Cell>{count(h.totals.finished)}</Cell>
                      <Cell>{count(h.totals.open)}</Cell>
                      <Cell>{percent(h.oneVisitRate)}</Cell>
                      <Cell>{percent(h.onTimeRate)}</Cell>
                      <Cell>{percent(h.satisfactionRate)}</Cell>
                      <td className="px-2 py-2 whitespace-nowrap">
                        <Link
                          href={`/reports?hall=${encodeURIComponent(h.code)}&year=${year}`}
                          aria-label={`查看报表：${h.name}`}
                          className="font-semibold text-brand-700 underline"
                        >
                          查看报表
                        </Link>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
              {halls.length > 1 && (
                <tfoot className="border-t-2 border-slate-300 font-semibold">
                  <tr>
                    <th scope="row" className="px-2 py-2">
                      全区合计
                    </th>
                    <Cell>{count(total)}</Cell>
                    <Cell>{count(previousTotal)}</Cell>
                    <Cell className={districtChange.tone}>
                      <span className="sr-only">{districtChange.label}</span>
                      <span aria-hidden="true">{districtChange.text}</span>
                    </Cell>
                    <Cell>{count(sum((h) => h.totals.notAccepted))}</Cell>
                    <Cell>{count(sum((h) => h.totals.finished))}</Cell>
                    <Cell>{count(sum((h) => h.totals.open))}</Cell>
                    <td colSpan={3} className="px-2 py-2 text-right font-normal text-slate-600">
                      全区的率见全区合并报表
                    </td>
                    <td className="px-2 py-2 whitespace-nowrap">
                      <Link href={`/reports?year=${year}`} className="text-brand-700 underline">
                        全区报表
                      </Link>
                    </td>
                  </tr>
                </tfoot>
              )}
            </table>
          </div>
        </section>
        <p className="text-sm text-slate-600">
          最多跑一次率：办结件中群众只跑一次（无补正、当场办结或邮寄送达）的比例；按时办结率：承诺件在承诺期限内办结的比例；满意率：“满意”“非常满意”占全部评价的比例。
        </p>
      </main>
    </>
  );
}

function Numeric({ children }: { children: React.ReactNode }) {
  return (
    <th scope="col" className="px-2 py-1.5 text-right font-semibold whitespace-nowrap">
      {children}
    </th>
  );
}

function Cell({ children, className }: { children: React.ReactNode; className?: string }) {
  return <td className={`px-2 py-2 text-right whitespace-nowrap tabular-nums ${className ?? ""}`}>{children}</td>;
}
