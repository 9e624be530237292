import "server-only";
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/connection";
import { serviceItems, serviceSessions, slots, villages, villageVisits, type Channel } from "@/db/schema";
import { bookingSettings } from "@/lib/booking/settings";
import { AppError } from "@/lib/errors";
import { addDays, shanghaiDate, shanghaiTime } from "@/lib/time";

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
    and not ${slots.isWithdrawn}
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
