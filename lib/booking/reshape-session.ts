import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/connection";
import { bookings, serviceItems, serviceSessions, slots, waitlistEntries } from "@/db/schema";
import { decryptPii } from "@/lib/crypto";
import { dateLabel } from "@/lib/format";
import { enqueueSms } from "@/lib/notify";
import { atShanghai, shanghaiTime } from "@/lib/time";

export interface SessionChange {
  sessionId: number;
  /** The session's new opening periods (HH:mm), or null: the session is called off. */
  periods: [string, string][] | null;
  /** A new place: the bookings that stay are told where to go. */
  location?: string;
  /** The item categories a village visit now offers: bookings of other items are cancelled. */
  categories?: string[];
  /** Why, in the villager's words (goes into the SMS). */
  reason: string;
}

export interface SessionChangeResult {
  /** Bookings cancelled (each told by SMS). */
  cancelled: number;
  /** Bookings kept but moved to a new place (each told by SMS). */
  moved: number;
  /** Waitlist entries closed (each told by SMS). */
  waitlist: number;
}

const HH_MM = (time: string) => time.slice(0, 5);

/**
 * An admin changed the rule behind a session that may already hold bookings (shorter hours, a
 * weekend post called off, a village day with another village or theme): in the caller's
 * transaction, every confirmed booking the change leaves without a seat is cancelled with one SMS,
 * its seat is freed, the waitlists of the slots that go are closed (SMS each), and those slots are
 * withdrawn so that nobody books them again; slots inside the new periods are offered again.
 * Bookings that keep their seat but not their place get one SMS with the new place.
 *
 * The slots are locked first: a booking taking a seat right now commits before we look, or waits
 * and then finds its slot withdrawn (booking-checks' slotOffersItem).
 */
export async function reshapeSession(tx: Tx, input: SessionChange & { hallId: number }): Promise<SessionChangeResult> {
  const [session] = await tx
    .select({ date: serviceSessions.date, location: serviceSessions.location })
    .from(serviceSessions)
    .where(and(eq(serviceSessions.id, input.sessionId), eq(serviceSessions.hallId, input.hallId)))
    .for("update");
  if (!session) return { cancelled: 0, moved: 0, waitlist: 0 };
  const sessionSlots = await tx
    .select({ id: slots.id, startsAt: slots.startsAt, endsAt: slots.endsAt })
    .from(slots)
    .where(eq(slots.sessionId, input.sessionId))
    .orderBy(slots.id)
    .for("update");
  const periods = (input.periods ?? []).map(([start, end]) => [
    atShanghai(session.date, HH_MM(start)).getTime(),
    atShanghai(session.date, HH_MM(end)).getTime(),
  ]);
  const isInside = (slot: { startsAt: Date; endsAt: Date }) =>
    periods.some(([start, end]) => slot.startsAt.getTime() >= start && slot.endsAt.getTime() <= end);
  const goneSlots = sessionSlots.filter((s) => !isInside(s)).map((s) => s.id);
  const keptSlots = sessionSlots.filter(isInside).map((s) => s.id);

  const held =
    sessionSlots.length === 0
      ? []
      : await tx
          .select({
            id: bookings.id,
            slotId: bookings.slotId,
            code: bookings.code,
            phoneEnc: bookings.phoneEnc,
            item: serviceItems.name,
            category: serviceItems.category,
            startsAt: slots.startsAt,
          })
          .from(bookings)
          .innerJoin(slots, eq(slots.id, bookings.slotId))
          .innerJoin(serviceItems, eq(serviceItems.id, bookings.serviceItemId))
          .where(
            and(
              eq(bookings.status, "confirmed"),
              inArray(
                bookings.slotId,
                sessionSlots.map((s) => s.id),
              ),
            ),
          )
          .orderBy(bookings.id);
  const isOffered = (category: string) => !input.categories || input.categories.includes(category);
  const toCancel = held.filter((b) => goneSlots.includes(b.slotId) || !isOffered(b.category));
  const toMove =
    input.location !== undefined && input.location !== session.location
      ? held.filter((b) => !toCancel.includes(b))
      : [];

  if (toCancel.length > 0) {
    await tx
      .update(bookings)
      .set({ status: "cancelled", cancelledAt: new Date(), cancelReason: input.reason })
      .where(
        inArray(
          bookings.id,
          toCancel.map((b) => b.id),
        ),
      );
    const freed = new Map<number, number>();
    for (const b of toCancel) freed.set(b.slotId, (freed.get(b.slotId) ?? 0) + 1);
    for (const [slotId, n] of freed) {
      await tx
        .update(slots)
        .set({ booked: sql`${slots.booked} - ${n}` })
        .where(eq(slots.id, slotId));
    }
    for (const b of toCancel) {
      await enqueueSms(tx, {
        hallId: input.hallId,
        kind: "cancellation",
        bookingId: b.id,
        phone: decryptPii(b.phoneEnc),
        body: `因${input.reason}，您预约的“${b.item}”（${dateLabel(session.date)} ${shanghaiTime(b.startsAt)}，预约码 ${b.code}）已取消，不计入预约次数，请另选时间重新预约。`,
      });
    }
  }
  for (const b of toMove) {
    await enqueueSms(tx, {
      hallId: input.hallId,
      kind: "rescheduled",
      bookingId: b.id,
      phone: decryptPii(b.phoneEnc),
      body: `因${input.reason}，您预约的“${b.item}”（${dateLabel(session.date)} ${shanghaiTime(b.startsAt)}，预约码 ${b.code}）改在${input.location}办理，时间不变。`,
    });
  }

  let waitlist = 0;
  if (goneSlots.length > 0) {
    const closed = await tx
      .update(waitlistEntries)
      .set({ status: "cancelled", leftReason: input.reason })
      .where(and(eq(waitlistEntries.status, "waiting"), inArray(waitlistEntries.slotId, goneSlots)))
      .returning({ phoneEnc: waitlistEntries.phoneEnc });
    for (const w of closed) {
      await enqueueSms(tx, {
        hallId: input.hallId,
        kind: "cancellation",
        bookingId: null,
        phone: decryptPii(w.phoneEnc),
        body: `因${input.reason}，您登记的${dateLabel(session.date)}候补已取消，请另选时间预约。`,
      });
    }
    waitlist = closed.length;
    await tx.update(slots).set({ isWithdrawn: true }).where(inArray(slots.id, goneSlots));
  }
  if (keptSlots.length > 0) await tx.update(slots).set({ isWithdrawn: false }).where(inArray(slots.id, keptSlots));
  if (input.periods === null || input.location !== undefined)
    await tx
      .update(serviceSessions)
      .set({
        ...(input.periods === null ? { isCancelled: true } : {}),
        ...(input.location !== undefined ? { location: input.location } : {}),
      })
      .where(eq(serviceSessions.id, input.sessionId));
  return { cancelled: toCancel.length, moved: toMove.length, waitlist };
}
