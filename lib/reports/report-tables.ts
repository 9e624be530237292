// Every table of the report, once: the CSV files, the workbook's sheets and the print view are
// built from these rows, so an export always says what the page says. A cell is text, a number
// written in its column's format, or empty (no figure: "—" on screen, an empty cell in a file).
// No server-only: pure, tested in test/unit with Report objects.
import type { CaseStatus } from "@/db/schema";
import { CASE_STATUS_LABEL } from "@/lib/cases/labels";
import { CHANNEL_LABEL, weekdayLabel } from "@/lib/format";
import { LEVEL_LABEL } from "@/lib/evaluations/labels";
import { countLabel, monthLabel, pointsChangeLabel, yearOnYearLabel } from "@/lib/reports/figures-format";
import { shanghaiDate } from "@/lib/time/zone";
import { yearOnYear, type Report, type WaitFigures } from "@/lib/reports/types";

/**
 * integer: 6,935 · percent: a share 0…1 shown as 12.3% · change: 同比 as a share of last year's
 * figure (0.042 = +4.2%) · points: the change of a share in percentage points (0.03 = 3 points) ·
 * minutes: one decimal · text.
 */
export type CellFormat = "integer" | "percent" | "change" | "points" | "minutes" | "text";
export type CellValue = string | number | null;
/** A cell whose format differs from its column's (the summary mixes counts and shares). */
export interface FormattedCell {
  value: number | null;
  format: CellFormat;
}
export type Cell = CellValue | FormattedCell;

export interface TableColumn {
  header: string;
  format: CellFormat;
  /** Width in characters for the workbook. */
  width: number;
}

export const TABLE_NAMES = [
  "summary",
  "months",
  "departments",
  "items",
  "channels",
  "villages",
  "ratings",
  "bad-reasons",
  "follow-ups",
  "queues",
  "windows",
  "heatmap",
  "overdue",
] as const;
export type TableName = (typeof TABLE_NAMES)[number];

/** The workbook's sheets, in order; every table belongs to one. */
export const SHEETS = ["汇总", "按月", "按部门", "按事项", "按渠道", "按村", "好差评", "等候时间", "超期办件"] as const;
export type SheetName = (typeof SHEETS)[number];

export interface ReportTable {
  name: TableName;
  /** The table's caption, also the CSV file's name. */
  title: string;
  sheet: SheetName;
  columns: TableColumn[];
  rows: Cell[][];
}

export function isFormattedCell(cell: Cell): cell is FormattedCell {
  return typeof cell === "object" && cell !== null;
}

const col = (header: string, format: CellFormat, width = format === "text" ? 16 : 12): TableColumn => ({
  header,
  format,
  width,
});
const count = (value: number): FormattedCell => ({ value, format: "integer" });
const share = (value: number | null): FormattedCell => ({ value, format: "percent" });
const change = (value: number | null): FormattedCell => ({ value, format: "change" });
const minutes = (value: number | null): FormattedCell => ({ value, format: "minutes" });

/** The hours the heat map shows: the hall's day (8–17) widened to every hour with tickets. */
export function heatmapHours(report: Report): number[] {
  const hours = report.current.waiting.heatmap.map((c) => c.hour);
  const first = Math.min(8, ...hours);
  const last = Math.max(17, ...hours);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

function waitCells(w: WaitFigures): Cell[] {
  return [w.tickets, w.averageWaitMinutes, w.p90WaitMinutes, w.averageServiceMinutes, w.p90ServiceMinutes];
}
const WAIT_COLUMNS = [
  col("叫号数", "integer", 10),
  col("平均等候（分钟）", "minutes", 16),
  col("90% 等候在（分钟）内", "minutes", 20),
  col("平均办理（分钟）", "minutes", 16),
  col("90% 办理在（分钟）内", "minutes", 20),
];

export function buildReportTables(report: Report): ReportTable[] {
  const { current: now, previous: before } = report;
  const previousBy = <K extends string>(rows: { key: K; cases: number }[]) =>
    new Map(rows.map((r) => [r.key, r.cases]));

  const summaryRow = (label: string, a: FormattedCell, b: FormattedCell, diff: FormattedCell): Cell[] => [
    label,
    a,
    b,
    diff,
  ];
  const countRow = (label: string, a: number, b: number) =>
    summaryRow(label, count(a), count(b), change(yearOnYear(a, b)));
  const rateRow = (label: string, a: number | null, b: number | null) =>
    summaryRow(label, share(a), share(b), { value: a === null || b === null ? null : a - b, format: "points" });
  const minutesRow = (label: string, a: number | null, b: number | null) =>
    summaryRow(label, minutes(a), minutes(b), change(a === null || b === null || b === 0 ? null : (a - b) / b));

  const previousMonths = before.byMonth.map((m) => m.cases);
  const previousDepartments = previousBy(before.byDepartment.map((d) => ({ key: d.code, cases: d.cases })));
  const previousItems = previousBy(before.byItem.map((d) => ({ key: d.code, cases: d.cases })));
  const previousChannels = previousBy(before.byChannel.map((d) => ({ key: d.channel, cases: d.cases })));
  const previousVillages = previousBy(before.byVillage.map((d) => ({ key: d.code, cases: d.cases })));
  const hours = heatmapHours(report);
  const heat = new Map(now.waiting.heatmap.map((c) => [`${c.weekday}-${c.hour}`, c.tickets]));
  const { satisfaction } = now;

  return [
    {
      name: "summary",
      title: "汇总",
      sheet: "汇总",
      columns: [
        col("指标", "text", 26),
        col("本期", "integer", 14),
        col("上年同期", "integer", 14),
        col("同比", "change"),
      ],
      rows: [
        countRow("受理办件总数", now.totals.total, before.totals.total),
        countRow("其中：受理", now.totals.accepted, before.totals.accepted),
        countRow("其中：不予受理", now.totals.notAccepted, before.totals.notAccepted),
        countRow("办结", now.totals.finished, before.totals.finished),
        countRow("未办结", now.totals.open, before.totals.open),
        rateRow("最多跑一次率", now.oneVisit.rate, before.oneVisit.rate),
        rateRow("承诺件按时办结率", now.onTime.rate, before.onTime.rate),
        rateRow("群众满意率", satisfaction.rate, before.satisfaction.rate),
        countRow("评价数", satisfaction.rated, before.satisfaction.rated),
        countRow("叫号数", now.waiting.tickets, before.waiting.tickets),
        minutesRow("平均等候（分钟）", now.waiting.averageWaitMinutes, before.waiting.averageWaitMinutes),
        minutesRow("90% 等候在（分钟）内", now.waiting.p90WaitMinutes, before.waiting.p90WaitMinutes),
        minutesRow("平均办理（分钟）", now.waiting.averageServiceMinutes, before.waiting.averageServiceMinutes),
      ],
    },
    {
      name: "months",
      title: "按月办件量",
      sheet: "按月",
      columns: [col("月份", "text", 12), col("办件量", "integer"), col("上年同期", "integer"), col("同比", "change")],
      rows: now.byMonth.map((m, i) => {
        const last = previousMonths[i] ?? 0;
        return [monthLabel(m.month, true), m.cases, last, yearOnYear(m.cases, last)];
      }),
    },
    {
      name: "departments",
      title: "按部门办件量",
      sheet: "按部门",
      columns: [
        col("部门", "text", 24),
        col("办件量", "integer"),
        col("办结", "integer"),
        col("上年同期", "integer"),
        col("同比", "change"),
      ],
      rows: now.byDepartment.map((d) => {
        const last = previousDepartments.get(d.code) ?? 0;
        return [d.name, d.cases, d.finished, last, yearOnYear(d.cases, last)];
      }),
    },
    {
      name: "items",
      title: "按事项办件量",
      sheet: "按事项",
      columns: [
        col("事项编码", "text", 14),
        col("事项", "text", 40),
        col("部门", "text", 20),
        col("类型", "text", 8),
        col("办件量", "integer", 10),
        col("办结", "integer", 10),
        col("上年同期", "integer", 10),
        col("同比", "change", 10),
      ],
      rows: now.byItem.map((item) => {
        const last = previousItems.get(item.code) ?? 0;
        return [
          item.code,
          item.name,
          item.departmentName,
          item.kind === "instant" ? "即办件" : "承诺件",
          item.cases,
          item.finished,
          last,
          yearOnYear(item.cases, last),
        ];
      }),
    },
    {
      name: "channels",
      title: "按渠道办件量",
      sheet: "按渠道",
      columns: [
        col("渠道", "text", 18),
        col("办件量", "integer"),
        col("占比", "percent"),
        col("上年同期", "integer"),
        col("同比", "change"),
      ],
      rows: now.byChannel.map((c) => {
        const last = previousChannels.get(c.channel) ?? 0;
        return [
          CHANNEL_LABEL[c.channel],
          c.cases,
          now.totals.total ? c.cases / now.totals.total : null,
          last,
          yearOnYear(c.cases, last),
        ];
      }),
    },
    {
      name: "villages",
      title: "下村日按村办件量",
      sheet: "按村",
      columns: [col("村", "text", 16), col("办件量", "integer"), col("上年同期", "integer"), col("同比", "change")],
      rows: now.byVillage.map((v) => {
        const last = previousVillages.get(v.code) ?? 0;
        return [v.name, v.cases, last, yearOnYear(v.cases, last)];
      }),
    },
    {
      name: "ratings",
      title: "好差评等级分布",
      sheet: "好差评",
      columns: [col("评价等级", "text", 14), col("条数", "integer"), col("占比", "percent")],
      rows: satisfaction.byLevel.map((l) => [
        LEVEL_LABEL[l.level as 1 | 2 | 3 | 4 | 5] ?? String(l.level),
        l.count,
        satisfaction.rated ? l.count / satisfaction.rated : null,
      ]),
    },
    {
      name: "bad-reasons",
      title: "差评原因",
      sheet: "好差评",
      columns: [col("原因", "text", 18), col("条数", "integer")],
      rows: satisfaction.badReasons.map((r) => [r.reason, r.count]),
    },
    {
      name: "follow-ups",
      title: "差评回访整改",
      sheet: "好差评",
      columns: [col("状态", "text", 18), col("件数", "integer")],
      rows: [
        ["未办结", satisfaction.followUps.open],
        ["其中：已超期", satisfaction.followUps.overdue],
        ["已办结", satisfaction.followUps.closed],
      ],
    },
    {
      name: "queues",
      title: "各队列等候与办理时间",
      sheet: "等候时间",
      columns: [col("队列", "text", 18), ...WAIT_COLUMNS],
      rows: [
        ...now.waiting.byQueue.map((q) => [`${q.prefix} ${q.name}`, ...waitCells(q)]),
        ["全部", ...waitCells(now.waiting)],
      ],
    },
    {
      name: "windows",
      title: "各窗口等候与办理时间",
      sheet: "等候时间",
      columns: [col("窗口", "text", 18), ...WAIT_COLUMNS],
      rows: now.waiting.byWindow.map((w) => [`${w.number} 号窗口 ${w.name}`, ...waitCells(w)]),
    },
    {
      name: "heatmap",
      title: "取号时段分布（星期 × 小时）",
      sheet: "等候时间",
      columns: [col("星期", "text", 8), ...hours.map((h) => col(`${h}时`, "integer", 6))],
      rows: [1, 2, 3, 4, 5, 6, 7].map((day) => [weekdayLabel(day), ...hours.map((h) => heat.get(`${day}-${h}`) ?? 0)]),
    },
    {
      name: "overdue",
      title: "超期未办结的承诺件",
      sheet: "超期办件",
      columns: [
        col("办件编号", "text", 16),
        col("事项", "text", 36),
        col("部门", "text", 18),
        col("受理日期", "text", 12),
        col("承诺办结日期", "text", 14),
        col("状态", "text", 10),
        col("超期（工作日）", "integer", 14),
      ],
      rows: now.overdue.map((o) => [
        o.caseNo,
        o.itemName,
        o.departmentName,
        shanghaiDate(new Date(o.acceptedAt)),
        o.dueDate,
        CASE_STATUS_LABEL[o.status as CaseStatus] ?? o.status,
        o.workingDaysOverdue,
      ]),
    },
  ];
}

export function buildReportTable(report: Report, name: TableName): ReportTable {
  return buildReportTables(report).find((t) => t.name === name)!;
}

function valueOf(cell: Cell, column: TableColumn): FormattedCell | { value: string; format: "text" } {
  if (isFormattedCell(cell)) return cell;
  if (typeof cell === "string") return { value: cell, format: "text" };
  return { value: cell, format: column.format };
}

/** A cell as a file writes it: "6,935", "12.3%", "-3.0%", "下降 3.0 个百分点", "8.5", "" for no figure. */
export function cellText(cell: Cell, column: TableColumn): string {
  const { value, format } = valueOf(cell, column);
  if (value === null) return "";
  if (typeof value === "string") return value;
  switch (format) {
    case "percent":
    case "change":
      return `${(value * 100).toFixed(1)}%`;
    case "points": {
      // In words, never with a leading minus a spreadsheet would read as a formula.
      const points = Math.abs(value * 100).toFixed(1);
      return points === "0.0" ? "持平" : `${value > 0 ? "提高" : "下降"} ${points} 个百分点`;
    }
    case "minutes":
      return value.toFixed(1);
    case "integer":
      return countLabel(value);
    default:
      return String(value);
  }
}

/** A cell as the page shows it: "—" for no figure, 同比 with its arrow ("↑ 4.2%", "↓ 3.0 个百分点"). */
export function cellDisplay(cell: Cell, column: TableColumn): string {
  const { value, format } = valueOf(cell, column);
  if (value === null) return "—";
  if (typeof value === "number" && format === "change") return yearOnYearLabel(value);
  if (typeof value === "number" && format === "points") return pointsChangeLabel(value, 0);
  return cellText(cell, column);
}
