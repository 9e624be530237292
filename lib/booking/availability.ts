import "server-only";
import { and, asc, between, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import type { Db, Tx } from "@/db/connection";
import {
  calendarOverrides,
  serviceItems,
  serviceSessions,
  slots,
  villages,
  villageVisits,
  type Channel,
} from "@/db/schema";
import { bookingSettings } from "@/lib/booking/settings";
import { AppError } from "@/lib/errors";
import { getCurrentHall } from "@/lib/hall";
import { addDays, holidayName, isoWeekday, isStateWorkday, shanghaiDate, shanghaiTime } from "@/lib/time";

export interface SlotView {
  id: number;
  channel: Channel;
  date: string;
  start: string;
  end: string;
  location: string;
  villageId?: string;
  villageName?: string;
  theme?: string;
  capacity: number;
  remaining: number;
}

export interface BookableItem {
  id: number;
  code: string;
  name: string;
  category: string;
  channels: Channel[];
}

/** The item as booking needs it; unknown → 404, not bookable online → 422. */
export async function getBookableItem(db: Db | Tx, input: { hallId: number; code: string }): Promise<BookableItem> {
  const [item] = await db
    .select({
      id: serviceItems.id,
      code: serviceItems.code,
      name: serviceItems.name,
      category: serviceItems.category,
      channels: serviceItems.channels,
      isBookable: serviceItems.isBookable,
    })
    .from(serviceItems)
    .where(
      and(eq(serviceItems.hallId, input.hallId), eq(serviceItems.code, input.code), eq(serviceItems.isActive, true)),
    );
  if (!item) throw new AppError("not_found", "没有找到该事项", { service: "没有这个事项" });
  if (!item.isBookable)
    throw new AppError("not_bookable", undefined, { service: "该事项暂不支持网上预约，请直接到窗口办理" });
  return {
    id: item.id,
    code: item.code,
    name: item.name,
    category: item.category,
    channels: item.channels as Channel[],
  };
}

/**
 * The conditions under which a slot offers an item: the item is offered on the session's channel,
 * a village day only for the categories of its theme, and the session is not cancelled.
 */
export function slotOffersItem(item: BookableItem): SQL {
  const channels = sql.join(
    item.channels.map((c) => sql`${c}`),
    sql`, `,
  );
  return sql`${serviceSessions.channel} in (${channels})
    and not ${serviceSessions.isCancelled}
    and (${serviceSessions.channel} <> 'village' or ${item.category} = any(${villageVisits.categories}))`;
}

/** The window in which slots can be booked now: from the minimum notice to the horizon. */
export function bookingWindow(now = new Date()) {
  const settings = bookingSettings();
  const today = shanghaiDate(now);
  return {
    earliest: new Date(now.getTime() + settings.minNoticeMinutes * 60_000),
    lastDate: addDays(today, settings.horizonDays),
    today,
  };
}

export function toSlotView(row: {
  id: number;
  channel: Channel;
  date: string;
  startsAt: Date;
  endsAt: Date;
  location: string;
  villageCode: string | null;
  villageName: string | null;
  theme: string | null;
  onlineCapacity: number;
  booked: number;
}): SlotView {
  return {
    id: row.id,
    channel: row.channel,
    date: row.date,
    start: shanghaiTime(row.startsAt),
    end: shanghaiTime(row.endsAt),
    location: row.location,
    ...(row.villageCode
      ? { villageId: row.villageCode, villageName: row.villageName ?? undefined, theme: row.theme ?? undefined }
      : {}),
    capacity: row.onlineCapacity,
    remaining: Math.max(0, row.onlineCapacity - row.booked),
  };
}

export const slotViewColumns = {
  id: slots.id,
  channel: serviceSessions.channel,
  date: serviceSessions.date,
  startsAt: slots.startsAt,
  endsAt: slots.endsAt,
  location: serviceSessions.location,
  villageCode: villages.code,
  villageName: villages.name,
  theme: villageVisits.theme,
  onlineCapacity: slots.onlineCapacity,
  booked: slots.booked,
};

/**
 * Slots that offer the item between two dates, within the booking window, with their remaining
 * online seats (full ones included with remaining 0, so that a villager can join the waitlist).
 */
export async function listAvailability(input: {
  service: string;
  from: string;
  to: string;
  channel?: Channel;
  village?: string;
}): Promise<{ slots: SlotView[] }> {
  const db = await getDb();
  const hall = await getCurrentHall();
  const item = await getBookableItem(db, { hallId: hall.id, code: input.service });
  const window = bookingWindow();
  const from = input.from < window.today ? window.today : input.from;
  const to = input.to > window.lastDate ? window.lastDate : input.to;
  if (from > to) return { slots: [] };
  const filters: SQL[] = [
    eq(slots.hallId, hall.id),
    between(serviceSessions.date, from, to),
    gte(slots.startsAt, window.earliest),
    slotOffersItem(item),
  ];
  if (input.channel) filters.push(eq(serviceSessions.channel, input.channel));
  if (input.village) filters.push(eq(villages.code, input.village));
  const rows = await db
    .select(slotViewColumns)
    .from(slots)
    .innerJoin(serviceSessions, eq(serviceSessions.id, slots.sessionId))
    .leftJoin(villageVisits, eq(villageVisits.id, serviceSessions.villageVisitId))
    .leftJoin(villages, eq(villages.id, villageVisits.villageId))
    .where(and(...filters))
    .orderBy(asc(slots.startsAt), asc(slots.id));
  return { slots: rows.map(toSlotView) };
}

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
  service: string;
  channel?: Channel;
  village?: string;
}): Promise<DayView[]> {
  const window = bookingWindow();
  const { slots: available } = await listAvailability({
    service: input.service,
    from: window.today,
    to: window.lastDate,
    channel: input.channel,
    village: input.village,
  });
  const hall = await getCurrentHall();
  const db = await getDb();
  const overrides = await db
    .select({ date: calendarOverrides.date, isOpen: calendarOverrides.isOpen, reason: calendarOverrides.reason })
    .from(calendarOverrides)
    .where(
      and(
        eq(calendarOverrides.hallId, hall.id),
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

/** The villages whose coming visit days offer the item, for the "my village" choice. */
export async function listVillagesForItem(input: { service: string }) {
  const db = await getDb();
  const hall = await getCurrentHall();
  const item = await getBookableItem(db, { hallId: hall.id, code: input.service });
  const window = bookingWindow();
  return db
    .selectDistinct({ code: villages.code, name: villages.name, date: villageVisits.date, theme: villageVisits.theme })
    .from(villageVisits)
    .innerJoin(villages, eq(villages.id, villageVisits.villageId))
    .where(
      and(
        eq(villageVisits.hallId, hall.id),
        between(villageVisits.date, window.today, window.lastDate),
        sql`${item.category} = any(${villageVisits.categories})`,
      ),
    )
    .orderBy(asc(villageVisits.date));
}
