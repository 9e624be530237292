import "server-only";
import { and, eq, sql, type SQL } from "drizzle-orm";
import { getDatabase } from "@/db/client";
import type { Database, Db, Tx } from "@/db/connection";
import {
  serviceItems,
  serviceSessions,
  slots,
  villages,
  villageVisits,
  type Channel,
  type Material,
} from "@/db/schema";
import { logError } from "@/lib/log";
import { subscribeCatalogueChanges } from "@/lib/queue/events";
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
  materials: Material[];
  /** The row's version (bumped by every admin change): the booking's checks compare it. */
  version: number;
}

interface ItemRow extends BookableItem {
  isActive: boolean;
  isBookable: boolean;
}

// The catalogue hardly changes, and every booking and availability request needs its item: each
// instance keeps the items it has read, and drops a hall's when any instance publishes a change
// of that hall's catalogue (publishCatalogueChange, a NOTIFY in the admin's transaction), and all
// of them when the LISTEN connection was re-made (notices may have been missed). A read that a
// notice overtook is not kept (`generation`). Without a working LISTEN nothing is cached.
interface ItemCache {
  database: Database;
  generation: number;
  items: Map<string, ItemRow>;
  isListening: boolean;
}
const holder = globalThis as typeof globalThis & { __yichuangItemCache?: ItemCache };

/**
 * This instance's cache, once its LISTEN is in place. The LISTEN is started, never awaited, here:
 * on PGlite it waits for the one connection, which a transaction calling this may hold.
 */
async function itemCache(): Promise<ItemCache | null> {
  const database = await getDatabase();
  let cache = holder.__yichuangItemCache;
  if (!cache || cache.database !== database) {
    const created: ItemCache = { database, generation: 0, items: new Map(), isListening: false };
    subscribeCatalogueChanges((hallId) => {
      created.generation += 1;
      if (hallId === null) created.items.clear();
      else for (const key of created.items.keys()) if (key.startsWith(`${hallId}:`)) created.items.delete(key);
    }).then(
      () => {
        created.isListening = true;
      },
      (error: unknown) => {
        logError("catalogue cache: cannot listen for changes, items are read on every request", error);
        if (holder.__yichuangItemCache === created) holder.__yichuangItemCache = undefined;
      },
    );
    cache = holder.__yichuangItemCache = created;
  }
  return cache.isListening ? cache : null;
}

async function readItem(db: Db | Tx, input: { hallId: number; code: string }): Promise<ItemRow | undefined> {
  const [row] = await db
    .select({
      id: serviceItems.id,
      code: serviceItems.code,
      name: serviceItems.name,
      category: serviceItems.category,
      channels: serviceItems.channels,
      materials: serviceItems.materials,
      version: serviceItems.version,
      isActive: serviceItems.isActive,
      isBookable: serviceItems.isBookable,
    })
    .from(serviceItems)
    .where(and(eq(serviceItems.hallId, input.hallId), eq(serviceItems.code, input.code)));
  return row ? { ...row, channels: row.channels as Channel[] } : undefined;
}

/**
 * The item as booking needs it, from this instance's cache (`fresh`: read again, e.g. when a
 * booking's checks found a newer version); unknown or inactive → 404, not bookable online → 422.
 * `isRefusalRead`: a cached item that would be refused is read again first (a booking must not be
 * refused for an item an admin has just put back, before this instance hears of it).
 */
export async function getBookableItem(
  db: Db | Tx,
  input: { hallId: number; code: string; fresh?: boolean; isRefusalRead?: boolean },
): Promise<BookableItem> {
  const cache = await itemCache();
  const key = `${input.hallId}:${input.code}`;
  let item = input.fresh ? undefined : cache?.items.get(key);
  if (item && input.isRefusalRead && !(item.isActive && item.isBookable)) item = undefined;
  if (!item) {
    const generation = cache?.generation;
    item = await readItem(db, input);
    if (cache && generation === cache.generation) {
      if (item) cache.items.set(key, item);
      else cache.items.delete(key);
    }
  }
  if (!item || !item.isActive) throw new AppError("not_found", "没有找到该事项", { service: "没有这个事项" });
  if (!item.isBookable)
    throw new AppError("not_bookable", undefined, { service: "该事项暂不支持网上预约，请直接到窗口办理" });
  const { isActive: _isActive, isBookable: _isBookable, ...bookable } = item;
  return bookable;
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
