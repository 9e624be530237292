import chineseDays from "chinese-days";
import { addDays, isoWeekday } from "@/lib/time/zone";

// The one module that owns Asia/Shanghai wall-clock time, dates and working days. The zone
// helpers live in zone.ts (no holiday calendar, so client components can import them).
export * from "@/lib/time/zone";

// chinese-days carries each year's State Council notice (holidays and 调休 make-up days) once it
// is published, usually in November for the next year. For a year it does not know yet, fall back
// to the statutory holidays of the 全国年节及纪念日放假办法 (2025 revision) on their own dates, with
// no make-up days; the admin's calendar overrides correct the rest when the notice comes out.
const coveredYears = new Map<number, boolean>();
const statutoryHolidays = new Map<number, Map<string, string>>();

function isYearCovered(year: number): boolean {
  let covered = coveredYears.get(year);
  if (covered === undefined) {
    covered = chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    coveredYears.set(year, covered);
  }
  return covered;
}

function statutoryHolidaysOf(year: number): Map<string, string> {
  let days = statutoryHolidays.get(year);
  if (days) return days;
  days = new Map<string, string>();
  const lunar = (monthDay: string) => chineseDays.getSolarDateFromLunar(`${year}-${monthDay}`).date;
  const springFestival = lunar("01-01");
  const add = (date: string, name: string) => days!.set(date, name);
  add(`${year}-01-01`, "元旦");
  for (let i = -1; i <= 2; i++) add(addDays(springFestival, i), "春节");
  add(chineseDays.getSolarTermDate(year, 4, "pure_brightness"), "清明节");
  add(`${year}-05-01`, "劳动节");
  add(`${year}-05-02`, "劳动节");
  add(lunar("05-05"), "端午节");
  add(lunar("08-15"), "中秋节");
  for (const d of ["01", "02", "03"]) add(`${year}-10-${d}`, "国庆节");
  statutoryHolidays.set(year, days);
  return days;
}

// The calendar library parses and formats the date on every call (tens of microseconds); a report
// asks for the same few thousand dates again and again. Bounded: one entry per date ever asked.
const stateWorkdays = new Map<string, boolean>();

/**
 * A working day of the State Council calendar: Monday to Friday unless a public holiday, plus
 * the make-up working days (调休) on weekends. Admin overrides per hall are applied on top of this
 * by the caller.
 */
export function isStateWorkday(date: string): boolean {
  let known = stateWorkdays.get(date);
  if (known === undefined) {
    const year = Number(date.slice(0, 4));
    known = isYearCovered(year)
      ? chineseDays.isWorkday(date)
      : isoWeekday(date) <= 5 && !statutoryHolidaysOf(year).has(date);
    stateWorkdays.set(date, known);
  }
  return known;
}

/** The name of a public holiday on that date, or null (e.g. "国庆节"). */
export function holidayName(date: string): string | null {
  const year = Number(date.slice(0, 4));
  if (!isYearCovered(year)) return statutoryHolidaysOf(year).get(date) ?? null;
  const detail = chineseDays.getDayDetail(date);
  // Holidays read "National Day,国庆节,3"; ordinary weekends carry only the weekday's name.
  const parts = detail.name.split(",");
  return !detail.work && parts.length >= 2 ? parts[1] : null;
}

/** The date `n` working days after `date` (the day itself does not count). */
export function addWorkingDays(date: string, n: number, isWorkday: (d: string) => boolean = isStateWorkday): string {
  let current = date;
  let left = n;
  while (left > 0) {
    current = addDays(current, 1);
    if (isWorkday(current)) left -= 1;
  }
  return current;
}

/** Working days from `from` (exclusive) to `to` (inclusive). */
export function workingDaysBetween(
  from: string,
  to: string,
  isWorkday: (d: string) => boolean = isStateWorkday,
): number {
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkday(d)) count += 1;
  return count;
}
