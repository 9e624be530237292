import { AppError } from "@/lib/errors";
import { addDays, isValidDate, shanghaiDate } from "@/lib/time/zone";
import type { ReportRange } from "@/lib/reports/types";

export const FIRST_REPORT_YEAR = 2000;
/** A range covers at most 3 years (2023-01-01 … 2025-12-31 is allowed, one more day is not). */
export const MAX_RANGE_YEARS = 3;

function currentYear(today = shanghaiDate()): number {
  return Number(today.slice(0, 4));
}

/** `YYYY-MM-DD` of `date` moved by whole years (29 February falls back to the 28th). */
export function shiftYears(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) + years;
  const candidate = `${String(year).padStart(4, "0")}${date.slice(4)}`;
  return isValidDate(candidate) ? candidate : `${String(year).padStart(4, "0")}-02-28`;
}

/** The calendar year as a range; 400 `invalid_year` unless a year from 2000 to this year. */
export function yearRange(year: number | string): ReportRange {
  const text = String(year).trim();
  const n = Number(text);
  if (!/^\d{4}$/.test(text) || n < FIRST_REPORT_YEAR || n > currentYear()) {
    throw new AppError("invalid_year", `年份有误：请选择 ${FIRST_REPORT_YEAR} 年至 ${currentYear()} 年之间的年份`, {
      year: `请选择 ${FIRST_REPORT_YEAR}–${currentYear()} 年`,
    });
  }
  return { from: `${text}-01-01`, to: `${text}-12-31` };
}

/** A range the reports can answer, or 400 `invalid_range` saying what is wrong with it. */
export function validateRange(range: ReportRange): ReportRange {
  const { from, to } = range;
  const fields: Record<string, string> = {};
  if (!isValidDate(from)) fields.from = "开始日期格式应为 YYYY-MM-DD";
  if (!isValidDate(to)) fields.to = "结束日期格式应为 YYYY-MM-DD";
  if (Object.keys(fields).length) throw new AppError("invalid_range", "统计日期格式有误，应为 YYYY-MM-DD", fields);
  if (from > to) throw new AppError("invalid_range", "开始日期不能晚于结束日期", { from: "开始日期不能晚于结束日期" });
  const last = currentYear();
  if (Number(from.slice(0, 4)) < FIRST_REPORT_YEAR || Number(to.slice(0, 4)) > last) {
    throw new AppError("invalid_range", `只能统计 ${FIRST_REPORT_YEAR} 年至 ${last} 年之间的日期`, {
      [Number(from.slice(0, 4)) < FIRST_REPORT_YEAR ? "from" : "to"]:
        `请选择 ${FIRST_REPORT_YEAR}–${last} 年之间的日期`,
    });
  }
  if (to > addDays(shiftYears(from, MAX_RANGE_YEARS), -1)) {
    throw new AppError("invalid_range", `统计时间段最长 ${MAX_RANGE_YEARS} 年，请缩短后重试`, {
      to: `结束日期最晚为 ${addDays(shiftYears(from, MAX_RANGE_YEARS), -1)}`,
    });
  }
  return { from, to };
}

/**
 * The same dates a year earlier (同比); 29 February becomes the 28th. A range still running (today
 * inside it, e.g. this year) is compared up to the same day of last year: this year so far against
 * the same days of last year, not against last year in full.
 */
export function previousYearRange(range: ReportRange, today = shanghaiDate()): ReportRange {
  const to = range.from <= today && today < range.to ? today : range.to;
  return { from: shiftYears(range.from, -1), to: shiftYears(to, -1) };
}

/** The first day of the month after the one `date` falls in. */
function nextMonthStart(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month === 12 ? `${year + 1}-01-01` : `${date.slice(0, 4)}-${String(month + 1).padStart(2, "0")}-01`;
}

/**
 * The range as the whole calendar months inside it (`whole`, read from the monthly rollup) and the
 * partial months at its ends (`ends`, read from the cases themselves); `whole` is null when no
 * month lies wholly inside the range.
 */
export function splitIntoMonths(range: ReportRange): { whole: ReportRange | null; ends: ReportRange[] } {
  const firstStart = range.from.endsWith("-01") ? range.from : nextMonthStart(range.from);
  const lastEnd =
    addDays(nextMonthStart(range.to), -1) === range.to ? range.to : addDays(`${range.to.slice(0, 7)}-01`, -1);
  if (firstStart > lastEnd) return { whole: null, ends: [range] };
  const ends: ReportRange[] = [];
  if (range.from < firstStart) ends.push({ from: range.from, to: addDays(firstStart, -1) });
  if (lastEnd < range.to) ends.push({ from: addDays(lastEnd, 1), to: range.to });
  return { whole: { from: firstStart, to: lastEnd }, ends };
}
