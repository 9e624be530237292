import "server-only";
import { and, eq, gte, lte } from "drizzle-orm";
import { getDb } from "@/db/client";
import { calendarOverrides, type Channel } from "@/db/schema";
import { bookingWindow, type SlotView } from "@/lib/booking/bookable-item";
import { listAvailability } from "@/lib/booking/list-availability";
import { addDays, holidayName, isoWeekday } from "@/lib/time";

export interface DayView {
  date: string;
  /** open: some slot can be booked now; full: slots exist, none free (the waitlist is open). */
  state: "open" | "full";
  freeSeats: number;
}

export interface BookingDays {
  /** The days of the booking window with slots on the channel (and village), in date order. */
  days: DayView[];
  /**
   * For the hall's window: the Saturdays and Sundays the hall is closed but a weekend post takes
   * the item and still has a free seat (the villager who thought of "the hall" is sent there).
   */
  weekendPosts: DayView[];
  /** Days without slots because of a public holiday or the hall's own closure, with the reason. */
  closures: { date: string; reason: string }[];
}

function daysOf(slots: SlotView[]): DayView[] {
  const byDate = new Map<string, DayView>();
  for (const slot of slots) {
    const day = byDate.get(slot.date) ?? { date: slot.date, state: "full" as const, freeSeats: 0 };
    day.freeSeats += slot.remaining;
    if (day.freeSeats > 0) day.state = "open";
    byDate.set(slot.date, day);
  }
  return [...byDate.values()];
}

/**
 * The days of the booking window a villager can choose on a channel: only days with a slot (a full
 * day offers the waitlist), never a row that leads nowhere. A closed day is not a choice; it is
 * only named (holiday or closure) so that nobody wonders why a working day is missing.
 */
export async function listBookingDays(input: {
  hallId: number;
  service: string;
  channel: Channel;
  village?: string;
}): Promise<BookingDays> {
  const window = bookingWindow();
  const range = { hallId: input.hallId, service: input.service, from: window.today, to: window.lastDate };
  const [{ slots }, weekend] = await Promise.all([
    listAvailability({ ...range, channel: input.channel, village: input.village }),
    input.channel === "window" ? listAvailability({ ...range, channel: "weekend" }) : { slots: [] },
  ]);
  const days = daysOf(slots);
  const withSlots = new Set(days.map((d) => d.date));
  const weekendPosts = daysOf(weekend.slots).filter(
    (d) => d.state === "open" && isoWeekday(d.date) >= 6 && !withSlots.has(d.date),
  );
  if (input.channel === "village") return { days, weekendPosts, closures: [] };

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
  const closedBy = new Map(overrides.filter((o) => !o.isOpen).map((o) => [o.date, o.reason]));
  const closures: BookingDays["closures"] = [];
  for (let date = window.today; date <= window.lastDate; date = addDays(date, 1)) {
    // A weekend post has nothing to say about a working day.
    if (withSlots.has(date) || (input.channel === "weekend" && isoWeekday(date) < 6)) continue;
    const reason = closedBy.get(date) ?? holidayName(date);
    if (reason) closures.push({ date, reason });
  }
  return { days, weekendPosts, closures };
}
