// How the report's figures are written for people: counts with thousands separators, shares as
// percent with one decimal, 同比 with its sign and arrow. The page, the print view, the paragraph,
// the CSV and the workbook all use these, so a figure reads the same everywhere. No server-only.
import type { Rate, ReportRange } from "@/lib/reports/types";

const COUNT = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 0 });

/** 6935 → "6,935" */
export function countLabel(n: number): string {
  return COUNT.format(n);
}

/** 0.1234 → "12.3%"; no share (nothing to divide by) → "—", never "0%". */
export function rateLabel(rate: Rate): string {
  return rate === null ? "—" : `${(rate * 100).toFixed(1)}%`;
}

/** Minutes with one decimal: 12.34 → "12.3 分钟"; none → "—". */
export function minutesLabel(minutes: number | null): string {
  return minutes === null ? "—" : `${minutes.toFixed(1)} 分钟`;
}

export type Trend = "up" | "down" | "flat" | "none";

export function trendOf(change: Rate): Trend {
  if (change === null) return "none";
  if (Math.abs(change) < 0.0005) return "flat";
  return change > 0 ? "up" : "down";
}

/** 同比 for a table or a card: "↑ 5.2%", "↓ 3.0%", "持平", "—" when last year had none. */
export function yearOnYearLabel(change: Rate): string {
  const trend = trendOf(change);
  if (trend === "none") return "—";
  if (trend === "flat") return "持平";
  return `${trend === "up" ? "↑" : "↓"} ${(Math.abs(change!) * 100).toFixed(1)}%`;
}

/** A share's change in percentage points: 0.91 vs 0.88 → "↑ 3.0 个百分点". */
export function pointsChangeLabel(current: Rate, previous: Rate): string {
  if (current === null || previous === null) return "—";
  const points = (current - previous) * 100;
  if (Math.abs(points) < 0.05) return "持平";
  return `${points > 0 ? "↑" : "↓"} ${Math.abs(points).toFixed(1)} 个百分点`;
}

/** Whether the range is one whole calendar year, and which. */
export function wholeYearOf(range: ReportRange): number | null {
  const year = range.from.slice(0, 4);
  return range.from === `${year}-01-01` && range.to === `${year}-12-31` ? Number(year) : null;
}

/** "2025 年" for a whole year, else "2025年3月1日至6月30日" (the year repeated when it changes). */
export function rangeLabel(range: ReportRange): string {
  const year = wholeYearOf(range);
  if (year !== null) return `${year} 年`;
  const [fy, fm, fd] = range.from.split("-").map(Number);
  const [ty, tm, td] = range.to.split("-").map(Number);
  const from = `${fy}年${fm}月${fd}日`;
  if (range.from === range.to) return from;
  return `${from}至${ty === fy ? "" : `${ty}年`}${tm}月${td}日`;
}

/** "2025-03" → "3月", or "2025年3月" with the year. */
export function monthLabel(month: string, withYear = false): string {
  const m = Number(month.slice(5, 7));
  return withYear ? `${month.slice(0, 4)}年${m}月` : `${m}月`;
}
