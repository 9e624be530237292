import type { Metadata } from "next";
import Link from "next/link";
import { requirePageRole } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { reportOrNotFound } from "@/app/(staff)/reports/_lib/report-or-not-found";
import { channelChart, departmentChart, monthChart, ratingChart } from "@/lib/reports/chart-options";
import { rangeLabel, rateLabel } from "@/lib/reports/figures-format";
import { parseReportRange, periodQuery, reportHallParam } from "@/lib/reports/parse-report-range";
import { buildReportParagraph } from "@/lib/reports/report-paragraph";
import { buildReportTables, type ReportTable, type TableName } from "@/lib/reports/report-tables";
import { renderChartSvg } from "@/lib/reports/render-chart-svg";
import { dateTimeLabel } from "@/lib/format";
import { shanghaiDate } from "@/lib/time";
import type { ReportChart } from "@/lib/reports/chart-options";
import { ReportTableView } from "../_components/report-table-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "办件统计（打印版）" };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);
const TOP_ITEMS = 20;

function PrintChart({ title, chart }: { title: string; chart: ReportChart }) {
  return (
    <figure className="break-inside-avoid">
      <figcaption className="font-bold">{title}</figcaption>
      <div
        role="img"
        aria-label={`${title}（图表，数字见表格）`}
        className="[&>svg]:h-auto [&>svg]:w-full"
        dangerouslySetInnerHTML={{ __html: renderChartSvg(chart) }}
      />
    </figure>
  );
}

/**
 * The year on A4 portrait, the way the work report reads: the paragraph first, then the key tables
 * and charts. No navigation; tables and charts are not split across pages (globals.css, @page report).
 */
export default async function ReportPrintPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requirePageRole(["manager", "admin", "district"], "/reports/print");
  const search = await searchParams;
  const thisYear = Number(shanghaiDate().slice(0, 4));
  let range;
  try {
    range = parseReportRange({ year: one(search.year), from: one(search.from), to: one(search.to) }, thisYear - 1);
  } catch (error) {
    if (!isAppError(error)) throw error;
    return (
      <main className="mx-auto max-w-xl px-4 py-16 text-center">
        <h1 className="text-2xl font-bold">无法打印</h1>
        <p role="alert" className="mt-2 text-red-800">
          {error.message}
        </p>
        <Link href="/reports" className="mt-6 inline-block text-brand-700 underline">
          返回办件统计
        </Link>
      </main>
    );
  }
  const hall = reportHallParam(one(search.hall));
  const report = await reportOrNotFound({ actor, range, scope: hall.scope });
  const tables = Object.fromEntries(buildReportTables(report).map((t) => [t.name, t])) as Record<
    TableName,
    ReportTable
  >;
  const hallName = report.scope.kind === "hall" ? report.scope.hallName : "全区";
  const topItems: ReportTable = { ...tables.items, rows: tables.items.rows.slice(0, TOP_ITEMS) };
  const { current: now } = report;

  return (
    <main className="print-report mx-auto my-6 max-w-[210mm] bg-white px-[12mm] py-[14mm] text-[10.5pt] leading-normal shadow-sm">
      <p className="no-print mb-4 text-sm text-slate-600">
        打印预览：按 Ctrl+P（Mac 上 ⌘+P）打印或另存为 PDF，纸张 A4 纵向。
        <Link href={`/reports?${periodQuery(range)}${hall.query}`} className="ml-2 text-brand-700 underline">
          返回办件统计
        </Link>
      </p>
      <h1 className="text-center text-[18pt] font-bold">
        {hallName}
        {rangeLabel(range)}办件统计
      </h1>
      <p className="mt-1 text-center text-[9pt] text-slate-600">
        同比：与 {rangeLabel(report.previous.range)} 相比 · 统计时间 {dateTimeLabel(new Date())}
      </p>

      <h2 className="mt-5 text-[13pt] font-bold break-after-avoid">一、总体情况</h2>
      <p className="mt-1 indent-[2em]" data-testid="report-paragraph">
        {buildReportParagraph(report, { hallName })}
      </p>
      <div className="mt-3 grid grid-cols-2 gap-4">
        <ReportTableView className="break-inside-avoid" table={tables.summary} caption="表 1 主要指标" />
        <ReportTableView className="break-inside-avoid" table={tables.months} caption="表 2 按月办件量" />
      </div>

      <h2 className="mt-4 text-[13pt] font-bold break-after-avoid">二、办件量</h2>
      <PrintChart title="图 1 按月办件量（本期与上年同期）" chart={monthChart(report)} />
      <div className="mt-4 grid grid-cols-2 gap-4 break-inside-avoid">
        <PrintChart title="图 2 按部门办件量" chart={departmentChart(report)} />
        <PrintChart title="图 3 按渠道办件量" chart={channelChart(report)} />
      </div>
      <ReportTableView className="mt-2 break-inside-avoid" table={tables.departments} caption="表 3 按部门办件量" />
      <div className="mt-4 grid grid-cols-2 gap-4">
        <ReportTableView className="break-inside-avoid" table={tables.channels} caption="表 4 按渠道办件量" />
        <ReportTableView className="break-inside-avoid" table={tables.villages} caption="表 5 下村日按村办件量" />
      </div>
      <ReportTableView
        className="mt-4 break-inside-avoid"
        table={topItems}
        caption={`表 6 办件量前 ${TOP_ITEMS} 的事项（全部 ${tables.items.rows.length} 项见 Excel）`}
      />

      <h2 className="mt-5 text-[13pt] font-bold break-after-avoid">
        三、好差评（满意率 {rateLabel(now.satisfaction.rate)}）
      </h2>
      <div className="grid grid-cols-2 gap-4 break-inside-avoid">
        <PrintChart title="图 4 评价等级分布" chart={ratingChart(report)} />
        <div className="space-y-3">
          <ReportTableView table={tables.ratings} caption="表 7 评价等级" />
          <ReportTableView table={tables["bad-reasons"]} caption="表 8 差评原因" />
          <ReportTableView table={tables["follow-ups"]} caption="表 9 差评回访整改" />
        </div>
      </div>

      <h2 className="mt-5 text-[13pt] font-bold break-after-avoid">四、等候与办理时间</h2>
      <ReportTableView className="break-inside-avoid" table={tables.queues} caption="表 10 各队列" />
      <ReportTableView className="mt-3 break-inside-avoid" table={tables.windows} caption="表 11 各窗口" />
    </main>
  );
}
