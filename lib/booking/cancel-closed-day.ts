import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/connection";
import { bookings, serviceItems, serviceSessions, slots, waitlistEntries } from "@/db/schema";
import { decryptPii } from "@/lib/crypto";
import { dateLabel } from "@/lib/format";
import { enqueueSms } from "@/lib/notify";
import { shanghaiTime } from "@/lib/time";

/**
 * The hall closed a day (its sessions are already marked cancelled, in the caller's transaction):
 * every confirmed booking of that day is cancelled with the reason and told by SMS, its seat is
 * freed, and the day's waitlists are closed with a message. Cancelled bookings count neither
 * against the villager's quota nor as no-shows.
 */
export async function cancelClosedDay(tx: Tx, input: { hallId: number; date: string; reason: string }) {
  const { hallId, date, reason } = input;
  const daySlots = tx
    .select({ id: slots.id })
    .from(slots)
    .innerJoin(serviceSessions, eq(serviceSessions.id, slots.sessionId))
    .where(
      and(eq(serviceSessions.hallId, hallId), eq(serviceSessions.date, date), eq(serviceSessions.isCancelled, true)),
    );
  // The day's slots first: a booking taking a seat right now commits before we look, or waits.
  await tx.select({ id: slots.id }).from(slots).where(inArray(slots.id, daySlots)).for("update");
  const cancelled = await tx
    .update(bookings)
    .set({ status: "cancelled", cancelledAt: new Date(), cancelReason: reason })
    .where(and(eq(bookings.status, "confirmed"), inArray(bookings.slotId, daySlots)))
    .returning({ id: bookings.id, slotId: bookings.slotId });
  const freed = new Map<number, number>();
  for (const b of cancelled) freed.set(b.slotId, (freed.get(b.slotId) ?? 0) + 1);
  for (const [slotId, n] of freed) {
    await tx
      .update(slots)
      .set({ booked: sql`${slots.booked} - ${n}` })
      .where(eq(slots.id, slotId));
  }
  if (cancelled.length > 0) {
    const told = await tx
      .select({
        id: bookings.id,
        code: bookings.code,
        phoneEnc: bookings.phoneEnc,
        item: serviceItems.name,
        startsAt: slots.startsAt,
      })
      .from(bookings)
      .innerJoin(slots, eq(slots.id, bookings.slotId))
      .innerJoin(serviceItems, eq(serviceItems.id, bookings.serviceItemId))
      .where(
        inArray(
          bookings.id,
          cancelled.map((b) => b.id),
        ),
      );
    for (const b of told) {
      await enqueueSms(tx, {
        hallId,
        kind: "cancellation",
        bookingId: b.id,
        phone: decryptPii(b.phoneEnc),
        body: `因${reason}，服务中心 ${dateLabel(date)} 暂停办理。您预约的“${b.item}”（${shanghaiTime(b.startsAt)}，预约码 ${b.code}）已取消，不计入预约次数，请另选时间重新预约。`,
      });
    }
  }
  const closed = await tx
    .update(waitlistEntries)
    .set({ status: "cancelled", leftReason: reason })
    .where(and(eq(waitlistEntries.status, "waiting"), inArray(waitlistEntries.slotId, daySlots)))
    .returning({ phoneEnc: waitlistEntries.phoneEnc, itemId: waitlistEntries.serviceItemId });
  for (const w of closed) {
    await enqueueSms(tx, {
      hallId,
      kind: "cancellation",
      bookingId: null,
      phone: decryptPii(w.phoneEnc),
      body: `因${reason}，服务中心 ${dateLabel(date)} 暂停办理，您登记的当日候补已取消，请另选时间预约。`,
    });
  }
  return { bookings: cancelled.length, waitlist: closed.length };
}
