import "server-only";
import { and, eq, gte, lte } from "drizzle-orm";
import { getDb } from "@/db/client";
import { calendarOverrides, type Channel } from "@/db/schema";
import { bookingWindow, type SlotView } from "@/lib/booking/bookable-item";
import { listAvailability } from "@/lib/booking/list-availability";
import { addDays, holidayName, isoWeekday, isStateWorkday } from "@/lib/time";

export interface DayView {
  date: string;
  /** open: some slot can be booked now; full: slots exist, none free; closed: no session that day. */
  state: "open" | "full" | "closed";
  freeSeats: number;
  reason?: string;
}

/**
 * Every date of the booking window for the list view. A day is shown as open only when a slot on
 * it can really be booked; otherwise it says why not (holiday, weekend, all taken).
 */
export async function listBookingDays(input: {
  hallId: number;
  service: string;
  channel?: Channel;
  village?: string;
}): Promise<DayView[]> {
  const window = bookingWindow();
  const { slots: available } = await listAvailability({
    hallId: input.hallId,
    service: input.service,
    from: window.today,
    to: window.lastDate,
    channel: input.channel,
    village: input.village,
  });
  const db = await getDb();
  const overrides = await db
    .select({ date: calendarOverrides.date, isOpen: calendarOverrides.isOpen, reason: calendarOverrides.reason })
    .from(calendarOverrides)
    .where(
      and(
        eq(calendarOverrides.hallId, input.hallId),
        gte(calendarOverrides.date, window.today),
        lte(calendarOverrides.date, window.lastDate),
      ),
    );
  const overrideByDate = new Map(overrides.map((o) => [o.date, o]));
  const byDate = new Map<string, SlotView[]>();
  for (const slot of available) byDate.set(slot.date, [...(byDate.get(slot.date) ?? []), slot]);
  const days: DayView[] = [];
  for (let date = window.today; date <= window.lastDate; date = addDays(date, 1)) {
    const daySlots = byDate.get(date) ?? [];
    const freeSeats = daySlots.reduce((sum, s) => sum + s.remaining, 0);
    if (daySlots.length > 0) {
      days.push({
        date,
        state: freeSeats > 0 ? "open" : "full",
        freeSeats,
        ...(freeSeats > 0 ? {} : { reason: "已约满" }),
      });
      continue;
    }
    const override = overrideByDate.get(date);
    const holiday = holidayName(date);
    const reason =
      override && !override.isOpen
        ? `休息（${override.reason}）`
        : holiday
          ? `休息（${holiday}）`
          : input.channel === "village"
            ? "无下村安排"
            : input.channel === "weekend"
              ? isoWeekday(date) >= 6
                ? "无服务岗"
                : "仅周末"
              : !isStateWorkday(date)
                ? "周末休息"
                : date === window.today
                  ? "今日已无可约时段"
                  : "无可约时段";
    days.push({ date, state: "closed", freeSeats: 0, reason });
  }
  return days;
}
