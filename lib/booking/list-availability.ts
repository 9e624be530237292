import "server-only";
import { and, asc, between, eq, gte, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { serviceSessions, slots, villages, villageVisits, type Channel } from "@/db/schema";
import {
  bookingWindow,
  getBookableItem,
  slotOffersItem,
  slotViewColumns,
  toSlotView,
  type SlotView,
} from "@/lib/booking/bookable-item";

/**
 * Slots that offer the item between two dates, within the booking window, with their remaining
 * online seats (full ones included with remaining 0, so that a villager can join the waitlist).
 */
export async function listAvailability(input: {
  hallId: number;
  service: string;
  from: string;
  to: string;
  channel?: Channel;
  village?: string;
}): Promise<{ slots: SlotView[] }> {
  const db = await getDb();
  const item = await getBookableItem(db, { hallId: input.hallId, code: input.service });
  const window = bookingWindow();
  const from = input.from < window.today ? window.today : input.from;
  const to = input.to > window.lastDate ? window.lastDate : input.to;
  if (from > to) return { slots: [] };
  const filters: SQL[] = [
    eq(slots.hallId, input.hallId),
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
