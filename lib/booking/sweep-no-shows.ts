import "server-only";
import { and, eq, inArray, lt } from "drizzle-orm";
import { getDb } from "@/db/client";
import { bookings, slots, waitlistEntries } from "@/db/schema";

/**
 * Confirmed bookings whose slot ended without a check-in become no-shows; waitlist entries of
 * past slots expire. Run by the background job.
 */
export async function sweepNoShows(input: { now?: Date } = {}) {
  const db = await getDb();
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const past = tx.select({ id: slots.id }).from(slots).where(lt(slots.endsAt, now));
    const noShows = await tx
      .update(bookings)
      .set({ status: "no_show" })
      .where(and(eq(bookings.status, "confirmed"), inArray(bookings.slotId, past)))
      .returning({ id: bookings.id });
    const expired = await tx
      .update(waitlistEntries)
      .set({ status: "expired" })
      .where(and(eq(waitlistEntries.status, "waiting"), inArray(waitlistEntries.slotId, past)))
      .returning({ id: waitlistEntries.id });
    return { noShows: noShows.length, expired: expired.length };
  });
}
