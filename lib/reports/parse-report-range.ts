// The period a report covers, from a page's or a route's query: `year=YYYY`, or `from` and `to`
// (YYYY-MM-DD, both included). One parser for the page, the print view, the CSV and the workbook,
// with the Chinese message each refusal shows. No server-only: pure, tested in test/unit.
import { AppError } from "@/lib/errors";
import type { ReportRange } from "@/lib/reports/types";
import { daysBetween, isValidDate } from "@/lib/time/zone";

/** The earliest year a report can be asked for. */
export const FIRST_REPORT_YEAR = 2000;
/** A range longer than a year would overlap its own 同比. */
export const MAX_RANGE_DAYS = 366;

export interface ReportPeriodQuery {
  year?: string;
  from?: string;
  to?: string;
}

export function yearRange(year: number): ReportRange {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/**
 * `today` is the Shanghai date: the latest year is this one. With neither a year nor dates, the
 * default is `defaultYear`. Throws AppError `invalid_input` with a Chinese message per field.
 */
export function parseReportRange(
  query: ReportPeriodQuery,
  options: { today: string; defaultYear: number },
): ReportRange {
  const thisYear = Number(options.today.slice(0, 4));
  const { year, from, to } = query;
  if (from || to) {
    if (year) throw refuse("year", "请选择年份或起止日期，不要同时填写");
    if (!from || !isValidDate(from)) throw refuse("from", "请填写正确的开始日期，如 2025-01-01");
    if (!to || !isValidDate(to)) throw refuse("to", "请填写正确的结束日期，如 2025-12-31");
    if (from > to) throw refuse("to", "结束日期不能早于开始日期");
    if (Number(from.slice(0, 4)) < FIRST_REPORT_YEAR) throw refuse("from", `开始日期不能早于 ${FIRST_REPORT_YEAR} 年`);
    if (Number(to.slice(0, 4)) > thisYear) throw refuse("to", `结束日期不能晚于 ${thisYear} 年底`);
    if (daysBetween(from, to) + 1 > MAX_RANGE_DAYS) throw refuse("to", "统计区间最长一年，请缩短日期范围");
    return { from, to };
  }
  if (year === undefined || year === "") return yearRange(options.defaultYear);
  if (!/^\d{4}$/.test(year)) throw refuse("year", "年份应为四位数字，如 2025");
  const y = Number(year);
  if (y < FIRST_REPORT_YEAR || y > thisYear) {
    throw refuse("year", `年份应在 ${FIRST_REPORT_YEAR} 年到 ${thisYear} 年之间`);
  }
  return yearRange(y);
}

function refuse(field: keyof ReportPeriodQuery, message: string): AppError {
  return new AppError("invalid_input", message, { [field]: message });
}
