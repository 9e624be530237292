// The period a page or a download asks for, from its query: `year=YYYY`, or `from` and `to`
// (YYYY-MM-DD, both included). The rules of a valid year or range are report-range.ts's; this only
// decides which of the two was asked for. No server-only: pure.
import { AppError } from "@/lib/errors";
import { validateRange, yearRange } from "@/lib/reports/report-range";
import type { ReportRange } from "@/lib/reports/types";

export interface ReportPeriodQuery {
  year?: string;
  from?: string;
  to?: string;
}

/**
 * Throws AppError `invalid_year` or `invalid_range` with a Chinese message and its field. Without
 * `defaultYear` a year or dates must be given (the downloads); the page defaults to last year.
 */
export function parseReportRange(query: ReportPeriodQuery, defaultYear?: number): ReportRange {
  const { year, from, to } = query;
  if (from || to) {
    if (!from) throw missing("from", "请填写开始日期");
    if (!to) throw missing("to", "请填写结束日期");
    return validateRange({ from, to });
  }
  return yearRange(year || defaultYear || "");
}

function missing(field: "from" | "to", message: string): AppError {
  return new AppError("invalid_range", message, { [field]: message });
}

/** The query that asks for `range` again: `year=2025` for a whole year, else `from=…&to=…`. */
export function periodQuery(range: ReportRange): string {
  const year = range.from.slice(0, 4);
  if (range.from === `${year}-01-01` && range.to === `${year}-12-31`) return `year=${year}`;
  return `from=${range.from}&to=${range.to}`;
}

/**
 * The hall a report page is asked for (`?hall=CODE`, the district's link from /district): the scope
 * to ask getReport for, and the query part every link of the page carries on. Anything that is not a
 * hall code is ignored (the actor's own scope).
 */
export function reportHallParam(raw: string | undefined): { scope?: { kind: "hall"; code: string }; query: string } {
  if (!raw || !/^[a-z0-9_-]{1,32}$/i.test(raw)) return { query: "" };
  return { scope: { kind: "hall", code: raw }, query: `&hall=${encodeURIComponent(raw)}` };
}
