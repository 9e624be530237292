import type { Channel } from "@/db/schema";
import { isoWeekday, shanghaiDate, shanghaiTime } from "@/lib/time/zone";

// The one place that turns dates, times and codes into the words people read on screen (in
// Asia/Shanghai time, through lib/time). Pages, messages and read models all use it.

export const CHANNEL_LABEL: Record<Channel, string> = {
  window: "服务中心窗口",
  weekend: "周末服务岗",
  village: "周二主题下村日",
};

const WEEKDAYS = ["", "周一", "周二", "周三", "周四", "周五", "周六", "周日"];

export function weekdayLabel(isoDay: number): string {
  return WEEKDAYS[isoDay] ?? "";
}

/** 2026-11-28 → 11月28日 周六 */
export function dateLabel(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日 ${weekdayLabel(isoWeekday(date))}`;
}

export function feeLabel(cents: number): string {
  return cents === 0 ? "不收费" : `${(cents / 100).toFixed(cents % 100 === 0 ? 0 : 2)} 元`;
}

export function kindLabel(kind: "instant" | "promised", promisedDays: number | null): string {
  return kind === "instant" ? "即办件（当场办结）" : `承诺件（${promisedDays} 个工作日内办结）`;
}

/** A hall's week in one line: 周一至周五 上午 08:30–12:00，下午 13:30–17:00（法定节假日休息）; empty without hours. */
export function openingHoursLabel(hours: { weekday: number; morning: string; afternoon: string }[]): string {
  if (hours.length === 0) return "";
  const first = hours[0];
  const last = hours[hours.length - 1];
  return `${weekdayLabel(first.weekday)}至${weekdayLabel(last.weekday)} 上午 ${first.morning}，下午 ${first.afternoon}（法定节假日休息）`;
}

/** A time of day as the database stores it (08:30:00) → 08:30 */
export function clockLabel(time: string): string {
  return time.slice(0, 5);
}

/** An instant in Shanghai time for staff tables: 2026/1/5 09:02, with `seconds` 2026/1/5 09:02:03. */
export function dateTimeLabel(instant: Date, options: { seconds?: boolean } = {}): string {
  const [year, month, day] = shanghaiDate(instant).split("-").map(Number);
  // Shanghai's offset is whole hours, so the seconds are the UTC seconds.
  const seconds = options.seconds ? `:${String(instant.getUTCSeconds()).padStart(2, "0")}` : "";
  return `${year}/${month}/${day} ${shanghaiTime(instant)}${seconds}`;
}

/** A wait in words: "45 秒", "2 分钟" (minutes rounded up). */
export function waitLabel(seconds: number): string {
  return seconds < 60 ? `${Math.max(1, Math.ceil(seconds))} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
}
