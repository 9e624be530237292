// Asia/Shanghai wall-clock time and calendar dates, with no holiday calendar: safe to bundle for
// the browser. lib/time (index.ts) re-exports all of it beside the working-day calendar.
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
