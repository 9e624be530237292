import "server-only";
import { and, count, eq, gte, ne, sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/connection";
import { bookings, serviceSessions, slots, villageVisits } from "@/db/schema";
import { bookingWindow, getBookableItem, slotOffersItem, type BookableItem } from "@/lib/booking/bookable-item";
import { bookingSettings } from "@/lib/booking/settings";
import { AppError } from "@/lib/errors";
import { dateLabel } from "@/lib/format";
import { addDays, shanghaiDate } from "@/lib/time";

// The rules a booking (and a place on a waitlist) must pass, each inside the caller's transaction.

// Two keys for pg_advisory_xact_lock(int, int): this namespace and the phone's hash. Bookings of
// one phone are serialised, so the per-phone quotas hold however many requests race.
const PHONE_LOCK_NAMESPACE = 7_311_003;

export async function lockPhone(tx: Tx, phoneHash: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(${PHONE_LOCK_NAMESPACE}, hashtext(${phoneHash}))`);
}

/**
 * The phone's lock if nobody holds it now. For a second phone in one transaction (a waitlist
 * promotion under the canceller's lock): waiting for it could deadlock with that phone's own
 * cancellation promoting the first.
 */
export async function tryLockPhone(tx: Tx, phoneHash: string): Promise<boolean> {
  const [row] = rowsOf<{ locked: boolean }>(
    await tx.execute(sql`select pg_try_advisory_xact_lock(${PHONE_LOCK_NAMESPACE}, hashtext(${phoneHash})) as locked`),
  );
  return row.locked;
}

/** The slot, locked by nothing yet, checked to offer the item now. */
export async function checkSlotForItem(tx: Tx, input: { hallId: number; slotId: number; item: BookableItem }) {
  const [slot] = await tx
    .select({
      id: slots.id,
      startsAt: slots.startsAt,
      date: serviceSessions.date,
      channel: serviceSessions.channel,
      location: serviceSessions.location,
      offered: sql<boolean>`(${slotOffersItem(input.item)})`,
    })
    .from(slots)
    .innerJoin(serviceSessions, eq(serviceSessions.id, slots.sessionId))
    .leftJoin(villageVisits, eq(villageVisits.id, serviceSessions.villageVisitId))
    .where(and(eq(slots.hallId, input.hallId), eq(slots.id, input.slotId)));
  if (!slot) throw new AppError("invalid_input", "没有这个预约时段", { slotId: "没有这个预约时段，请重新选择" });
  if (!slot.offered)
    throw new AppError("invalid_input", "该时段不办理此事项", { slotId: "该时段不办理此事项，请重新选择" });
  const window = bookingWindow();
  const settings = bookingSettings();
  if (slot.startsAt < window.earliest) {
    throw new AppError("invalid_input", "该时段已过预约截止时间", {
      slotId: `需至少提前 ${settings.minNoticeMinutes} 分钟预约，请选择更晚的时段`,
    });
  }
  if (slot.date > window.lastDate) {
    throw new AppError("invalid_input", "该时段还未开放预约", {
      slotId: `只能预约 ${settings.horizonDays} 天内的时段`,
    });
  }
  return slot;
}

/** Three no-shows in 90 days suspend online booking for 30 days after the last one. */
export async function assertNotSuspended(tx: Tx, input: { phoneHash: string; now: Date }) {
  const settings = bookingSettings();
  const since = new Date(input.now.getTime() - settings.noShowWindowDays * 86_400_000);
  const [row] = await tx
    .select({ n: count(), last: sql<Date | null>`max(${slots.startsAt})` })
    .from(bookings)
    .innerJoin(slots, eq(slots.id, bookings.slotId))
    .where(and(eq(bookings.phoneHash, input.phoneHash), eq(bookings.status, "no_show"), gte(slots.startsAt, since)));
  if (row.n >= settings.noShowLimit && row.last) {
    const until = addDays(shanghaiDate(new Date(row.last)), settings.suspensionDays);
    if (shanghaiDate(input.now) < until) {
      throw new AppError(
        "booking_suspended",
        `您近 ${settings.noShowWindowDays} 天内有 ${row.n} 次预约未到，网上预约暂停至 ${dateLabel(until)}。期间可直接到服务中心窗口取号办理。`,
      );
    }
  }
}

/** One active booking per phone per item per day, and at most N active bookings per phone. */
export async function assertWithinQuota(
  tx: Tx,
  input: { phoneHash: string; itemId: number; date: string; excludeBookingId?: number },
) {
  const settings = bookingSettings();
  const rows = await tx
    .select({ itemId: bookings.serviceItemId, date: serviceSessions.date })
    .from(bookings)
    .innerJoin(slots, eq(slots.id, bookings.slotId))
    .innerJoin(serviceSessions, eq(serviceSessions.id, slots.sessionId))
    .where(
      and(
        eq(bookings.phoneHash, input.phoneHash),
        eq(bookings.status, "confirmed"),
        gte(slots.endsAt, new Date()),
        input.excludeBookingId ? ne(bookings.id, input.excludeBookingId) : undefined,
      ),
    );
  if (rows.some((r) => r.itemId === input.itemId && r.date === input.date)) throw new AppError("duplicate_booking");
  if (input.excludeBookingId === undefined && rows.length >= settings.maxActivePerPhone) {
    throw new AppError(
      "quota_exceeded",
      `每个手机号最多同时保留 ${settings.maxActivePerPhone} 个有效预约，请先办理或取消已有预约`,
    );
  }
}

/**
 * The checks a new booking, a place on a waitlist and a promotion from the waitlist share, after
 * the phone's lock: the item is bookable, the slot offers it within the booking window, the phone
 * is not suspended and within its quotas. Answers the item and the slot.
 */
export async function checkNewBooking(
  tx: Tx,
  input: { hallId: number; phoneHash: string; service: string; slotId: number },
) {
  const item = await getBookableItem(tx, { hallId: input.hallId, code: input.service });
  const slot = await checkSlotForItem(tx, { hallId: input.hallId, slotId: input.slotId, item });
  await assertNotSuspended(tx, { phoneHash: input.phoneHash, now: new Date() });
  await assertWithinQuota(tx, { phoneHash: input.phoneHash, itemId: item.id, date: slot.date });
  return { item, slot };
}
