import "server-only";
import { and, eq, inArray, lt, not } from "drizzle-orm";
import { getDb } from "@/db/client";
import { bookings, serviceSessions, slots, waitlistEntries } from "@/db/schema";

/**
 * Confirmed bookings whose slot ended without a check-in become no-shows; waitlist entries of
 * past slots expire. A slot of a cancelled session (a closed day) makes no no-shows: closing the
 * day cancels its bookings, and one left confirmed (closed by an older version) is not the
 * villager's fault. Run by the background job.
 */
export async function sweepNoShows(input: { now?: Date } = {}) {
  const db = await getDb();
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const past = tx.select({ id: slots.id }).from(slots).where(lt(slots.endsAt, now));
    const held = tx
      .select({ id: slots.id })
      .from(slots)
      .innerJoin(serviceSessions, eq(serviceSessions.id, slots.sessionId))
      .where(and(lt(slots.endsAt, now), not(serviceSessions.isCancelled)));
    const noShows = await tx
      .update(bookings)
      .set({ status: "no_show" })
      .where(and(eq(bookings.status, "confirmed"), inArray(bookings.slotId, held)))
      .returning({ id: bookings.id });
    const expired = await tx
      .update(waitlistEntries)
      .set({ status: "expired" })
      .where(and(eq(waitlistEntries.status, "waiting"), inArray(waitlistEntries.slotId, past)))
      .returning({ id: waitlistEntries.id });
    return { noShows: noShows.length, expired: expired.length };
  });
}
