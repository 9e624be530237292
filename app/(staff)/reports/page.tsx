import type { Metadata } from "next";
import Link from "next/link";
import { FormAlert } from "@/components/form-alert";
import { StaffHeader } from "@/components/staff-header";
import { requirePageRole } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { reportOrNotFound } from "@/app/(staff)/reports/_lib/report-or-not-found";
import { channelChart, departmentChart, heatmapChart, monthChart, ratingChart } from "@/lib/reports/chart-options";
import { countLabel, minutesLabel, rangeLabel, rateLabel, wholeYearOf } from "@/lib/reports/figures-format";
import { parseReportRange, periodQuery, reportHallParam } from "@/lib/reports/parse-report-range";
import { buildReportParagraph } from "@/lib/reports/report-paragraph";
import { buildReportTables, type ReportTable, type TableName } from "@/lib/reports/report-tables";
import { shanghaiDate } from "@/lib/time";
import { ChartFigure } from "./_components/chart-figure";
import { CompareCard } from "./_components/compare-card";
import { ReportTableView } from "./_components/report-table-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "办件统计" };

const CARD = "rounded-xl bg-white p-4 shadow-sm";
const YEARS_SHOWN = 5;

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

/** Sort the item table's rows by a column (figures descending first, names in pinyin order). */
function sortRows(table: ReportTable, column: number, dir: "asc" | "desc"): ReportTable {
  const numeric = table.columns[column]!.format !== "text";
  const value = (row: ReportTable["rows"][number]) => {
    const cell = row[column];
    return typeof cell === "object" && cell !== null ? cell.value : cell;
  };
  const rows = [...table.rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const order = numeric
      ? (Number(x ?? -Infinity) || 0) - (Number(y ?? -Infinity) || 0)
      : String(x ?? "").localeCompare(String(y ?? ""), "zh-CN");
    return dir === "asc" ? order : -order;
  });
  return { ...table, rows };
}

export default async function ReportsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requirePageRole(["manager", "admin", "district"], "/reports");
  const search = await searchParams;
  const today = shanghaiDate();
  const thisYear = Number(today.slice(0, 4));
  const defaultYear = thisYear - 1;

  let rangeError: string | undefined;
  let range = parseReportRange({}, defaultYear);
  try {
    range = parseReportRange({ year: one(search.year), from: one(search.from), to: one(search.to) }, defaultYear);
  } catch (error) {
    if (!isAppError(error)) throw error;
    rangeError = error.message;
  }
  const hall = reportHallParam(one(search.hall));
  const report = await reportOrNotFound({ actor, range, scope: hall.scope });
  const { current: now, previous: before } = report;
  const tables = Object.fromEntries(buildReportTables(report).map((t) => [t.name, t])) as Record<
    TableName,
    ReportTable
  >;
  const period = periodQuery(range) + hall.query;
  const csv = (name: TableName) => `/api/v1/reports/tables/${name}.csv?${period}`;
  const shownYear = wholeYearOf(range);
  const hallName = report.scope.kind === "hall" ? report.scope.hallName : "全区";

  // The item table: a search over code, name and department, and sorting by any column, all in
  // the query so it works without JavaScript.
  const q = (one(search.q) ?? "").trim();
  const sortColumn = Number(one(search.sort) ?? 4);
  const sortDir = one(search.dir) === "asc" ? "asc" : "desc";
  const validSort = Number.isInteger(sortColumn) && sortColumn >= 0 && sortColumn < tables.items.columns.length;
  const itemsFiltered: ReportTable = {
    ...tables.items,
    rows: tables.items.rows.filter((row) => !q || row.slice(0, 3).some((c) => String(c).includes(q))),
  };
  const items = sortRows(itemsFiltered, validSort ? sortColumn : 4, sortDir);
  const itemsHref = (column: number, dir: "asc" | "desc") =>
    `/reports?${period}${q ? `&q=${encodeURIComponent(q)}` : ""}&sort=${column}&dir=${dir}#items`;

  return (
    <>
      <StaffHeader actor={actor} title="办件统计" />
      <main className="mx-auto max-w-7xl space-y-6 px-4 py-6">
        <section aria-label="统计期间" className="flex flex-wrap items-end gap-3">
          <nav className="flex flex-wrap gap-2" aria-label="年份">
            {Array.from({ length: YEARS_SHOWN }, (_, i) => thisYear - i).map((y) => (
              <Link
                key={y}
                href={`/reports?year=${y}${hall.query}`}
                aria-current={y === shownYear ? "page" : undefined}
                className={`rounded-md px-3 py-2 ${y === shownYear ? "bg-slate-800 text-white" : "bg-white shadow-sm"}`}
              >
                {y} 年
              </Link>
            ))}
          </nav>
          <form action="/reports" method="get" className="flex flex-wrap items-end gap-2" aria-label="按日期统计">
            {hall.scope && <input type="hidden" name="hall" value={hall.scope.code} />}
            {(
              [
                ["from", "开始日期"],
                ["to", "结束日期"],
              ] as const
            ).map(([name, label]) => (
              <label key={name} className="flex flex-col text-sm">
                {label}
                <input
                  type="date"
                  name={name}
                  defaultValue={one(search[name]) ?? range[name]}
                  aria-invalid={rangeError ? true : undefined}
                  className="rounded-md border border-slate-300 bg-white px-2 py-1.5"
                />
              </label>
            ))}
            <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 font-semibold text-white">
              按日期统计
            </button>
          </form>
          <div className="ml-auto flex flex-wrap gap-2">
            <a
              href={`/api/v1/reports/yearly.xlsx?${period}`}
              className="rounded-md bg-emerald-700 px-3 py-2 font-semibold text-white"
              data-testid="download-xlsx"
              download
            >
              下载 Excel
            </a>
            <Link
              href={`/reports/print?${period}`}
              className="rounded-md bg-white px-3 py-2 font-semibold shadow-sm"
              target="_blank"
            >
              打印版
            </Link>
          </div>
        </section>
        <FormAlert message={rangeError ? `${rangeError}。下面显示的是 ${rangeLabel(range)}。` : undefined} />

        <section className={CARD} aria-labelledby="paragraph-heading">
          <h2 id="paragraph-heading" className="text-lg font-bold">
            {hallName} {rangeLabel(range)}办件情况
            <span className="ml-2 text-sm font-normal text-slate-600">
              （同比：与 {rangeLabel(before.range)} 相比）
            </span>
          </h2>
          <p className="mt-2 leading-relaxed" data-testid="report-paragraph">
            {buildReportParagraph(report)}
          </p>
        </section>

        <section aria-label="主要指标" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
          <CompareCard
            label="受理办件总数"
            testId="year-total"
            value={countLabel(now.totals.total)}
            previousValue={countLabel(before.totals.total)}
            current={now.totals.total}
            previous={before.totals.total}
            kind="count"
            note={`其中不予受理 ${countLabel(now.totals.notAccepted)} 件`}
          />
          <CompareCard
            label="办结"
            value={countLabel(now.totals.finished)}
            previousValue={countLabel(before.totals.finished)}
            current={now.totals.finished}
            previous={before.totals.finished}
            kind="count"
            note={`未办结 ${countLabel(now.totals.open)} 件`}
          />
          <CompareCard
            label="最多跑一次率"
            value={rateLabel(now.oneVisit.rate)}
            previousValue={rateLabel(before.oneVisit.rate)}
            current={now.oneVisit.rate}
            previous={before.oneVisit.rate}
            kind="rate"
            note={`办结 ${countLabel(now.oneVisit.finished)} 件中 ${countLabel(now.oneVisit.oneVisit)} 件只跑一次`}
          />
          <CompareCard
            label="承诺件按时办结率"
            value={rateLabel(now.onTime.rate)}
            previousValue={rateLabel(before.onTime.rate)}
            current={now.onTime.rate}
            previous={before.onTime.rate}
            kind="rate"
            note={`${countLabel(now.onTime.promised)} 件承诺件，超期未办结 ${countLabel(now.overdue.length)} 件`}
          />
          <CompareCard
            label="群众满意率"
            value={rateLabel(now.satisfaction.rate)}
            previousValue={rateLabel(before.satisfaction.rate)}
            current={now.satisfaction.rate}
            previous={before.satisfaction.rate}
            kind="rate"
            note={`${countLabel(now.satisfaction.rated)} 条评价`}
          />
        </section>

        <ChartFigure
          title="按月办件量（本期与上年同期）"
          chart={monthChart(report)}
          layout="beside"
          testId="chart-months"
        >
          <ReportTableView table={tables.months} csvHref={csv("months")} />
        </ChartFigure>

        <div className="grid gap-6 xl:grid-cols-2">
          <ChartFigure title="按部门办件量" chart={departmentChart(report)} testId="chart-departments">
            <ReportTableView table={tables.departments} csvHref={csv("departments")} />
          </ChartFigure>
          <div className="space-y-6">
            <ChartFigure title="按渠道办件量" chart={channelChart(report)} testId="chart-channels">
              <ReportTableView table={tables.channels} csvHref={csv("channels")} />
            </ChartFigure>
            <section className={CARD}>
              <ReportTableView table={tables.villages} csvHref={csv("villages")} />
            </section>
          </div>
        </div>

        <section id="items" className={CARD} aria-labelledby="items-heading">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <h2 id="items-heading" className="text-lg font-bold">
              按事项办件量（全部 {tables.items.rows.length} 项）
            </h2>
            <form action="/reports#items" method="get" className="flex items-end gap-2" role="search">
              {shownYear !== null ? (
                <input type="hidden" name="year" value={shownYear} />
              ) : (
                <>
                  <input type="hidden" name="from" value={range.from} />
                  <input type="hidden" name="to" value={range.to} />
                </>
              )}
              {hall.scope && <input type="hidden" name="hall" value={hall.scope.code} />}
              <label className="flex flex-col text-sm">
                搜索事项（名称、编码或部门）
                <input
                  type="search"
                  name="q"
                  defaultValue={q}
                  className="w-64 rounded-md border border-slate-300 bg-white px-2 py-1.5"
                />
              </label>
              <button type="submit" className="rounded-md bg-slate-800 px-3 py-2 text-white">
                搜索
              </button>
            </form>
          </div>
          <ReportTableView
            className="mt-3"
            table={items}
            caption={q ? `按事项办件量：“${q}”的 ${items.rows.length} 项` : "按事项办件量"}
            csvHref={csv("items")}
            maxHeight="max-h-[32rem]"
            sort={{ column: validSort ? sortColumn : 4, dir: sortDir, hrefFor: itemsHref }}
          />
        </section>

        <section className={CARD} aria-labelledby="overdue-heading">
          <h2 id="overdue-heading" className="text-lg font-bold">
            承诺件按时办结率 {rateLabel(now.onTime.rate)}
            <span className="ml-2 text-sm font-normal text-slate-600">
              本期办结承诺件 {countLabel(now.onTime.promised)} 件，按时 {countLabel(now.onTime.onTime)} 件
            </span>
          </h2>
          <ReportTableView className="mt-2" table={tables.overdue} csvHref={csv("overdue")} maxHeight="max-h-96" />
        </section>

        <section className="space-y-6" aria-labelledby="waiting-heading">
          <h2 id="waiting-heading" className="text-xl font-bold">
            等候与办理时间
            <span className="ml-2 text-base font-normal text-slate-600">
              平均等候 {minutesLabel(now.waiting.averageWaitMinutes)}（上年同期{" "}
              {minutesLabel(before.waiting.averageWaitMinutes)}），九成在 {minutesLabel(now.waiting.p90WaitMinutes)}{" "}
              内叫号
            </span>
          </h2>
          <div className="grid gap-6 xl:grid-cols-2">
            <section className={CARD}>
              <ReportTableView table={tables.queues} csvHref={csv("queues")} />
            </section>
            <section className={CARD}>
              <ReportTableView table={tables.windows} csvHref={csv("windows")} />
            </section>
          </div>
          <ChartFigure title="取号时段分布（星期 × 小时）" chart={heatmapChart(report)} testId="chart-heatmap">
            <ReportTableView table={tables.heatmap} csvHref={csv("heatmap")} />
          </ChartFigure>
        </section>

        <section className="grid gap-6 xl:grid-cols-2" aria-label="好差评">
          <ChartFigure
            title={`好差评：满意率 ${rateLabel(now.satisfaction.rate)}`}
            chart={ratingChart(report)}
            testId="chart-ratings"
          >
            <ReportTableView table={tables.ratings} csvHref={csv("ratings")} />
          </ChartFigure>
          <div className="space-y-6">
            <section className={CARD}>
              <ReportTableView table={tables["bad-reasons"]} csvHref={csv("bad-reasons")} />
            </section>
            <section className={CARD}>
              <ReportTableView table={tables["follow-ups"]} csvHref={csv("follow-ups")} />
              <Link
                href="/reports/follow-ups"
                className="mt-3 inline-block rounded-md bg-amber-100 px-3 py-2 font-semibold text-amber-950"
              >
                差评回访整改 →
              </Link>
            </section>
          </div>
        </section>

        <section className={CARD}>
          <ReportTableView table={tables.summary} csvHref={csv("summary")} caption="汇总（本期与上年同期）" />
        </section>
      </main>
    </>
  );
}
