import chineseDays from "chinese-days";

// The one module that owns Asia/Shanghai wall-clock time, dates and working days.
// China has had no daylight saving time since 1991, so Shanghai is always UTC+08:00.

export const TIME_ZONE = "Asia/Shanghai";
const OFFSET = "+08:00";
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

const OFFSET_MS = 8 * 3_600_000;

/** A calendar date `YYYY-MM-DD` that really exists (2026-02-30 does not). */
export function isValidDate(value: string): boolean {
  if (!DATE_RE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function isValidTime(value: string): boolean {
  return TIME_RE.test(value);
}

// Shifting by the fixed offset and reading the UTC fields is exact (no DST) and much cheaper than
// Intl.DateTimeFormat, which showed up in the availability benchmark's profile.

/** The Shanghai calendar date of an instant. */
export function shanghaiDate(instant: Date = new Date()): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The Shanghai wall-clock time `HH:mm` of an instant. */
export function shanghaiTime(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(11, 16);
}

/** The instant of a Shanghai wall-clock date and time. */
export function atShanghai(date: string, time: string): Date {
  return new Date(`${date}T${time.slice(0, 5)}:00${OFFSET}`);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

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

/**
 * A working day of the State Council calendar: Monday to Friday unless a public holiday, plus
 * the make-up working days (调休) on weekends. Admin overrides per hall are applied on top of this
 * by the caller.
 */
export function isStateWorkday(date: string): boolean {
  const year = Number(date.slice(0, 4));
  if (isYearCovered(year)) return chineseDays.isWorkday(date);
  return isoWeekday(date) <= 5 && !statutoryHolidaysOf(year).has(date);
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
