import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { bookings } from "@/db/schema";
import { getBookableItem } from "@/lib/booking/bookable-item";
import { applicantKey, assertWithinQuota, checkSlotForItem, lockApplicant } from "@/lib/booking/booking-checks";
import { bookingViewById, type BookingOwner, type BookingView } from "@/lib/booking/booking-view";
import { lockOwnBooking } from "@/lib/booking/own-booking";
import { confirmationText, releaseSeat, takeSeat } from "@/lib/booking/seats";
import { AppError } from "@/lib/errors";
import { enqueueSms } from "@/lib/notify";
import { shanghaiTime } from "@/lib/time";

/** Move a booking to another slot, keeping its code, name and ID number. */
export async function rescheduleBooking(input: {
  hallId: number;
  code: string;
  owner: BookingOwner;
  slotId: number;
}): Promise<BookingView> {
  const db = await getDb();
  const { hallId } = input;
  return db.transaction(async (tx) => {
    const row = await lockOwnBooking(tx, input);
    if (row.slotId === input.slotId)
      throw new AppError("invalid_input", "新时段与原时段相同", { slotId: "请选择一个不同的时段" });
    const item = await getBookableItem(tx, { hallId, code: row.serviceCode });
    const slot = await checkSlotForItem(tx, { hallId, slotId: input.slotId, item });
    // The applicant's other bookings may have come from another phone: lock them too (after the phone's).
    const applicant = { phoneHash: row.phoneHash, idNumberHash: row.idNumberHash, name: row.name };
    await lockApplicant(tx, applicantKey(applicant));
    await assertWithinQuota(tx, {
      applicant,
      itemId: item.id,
      date: slot.date,
      excludeBookingId: row.bookingId,
    });
    await takeSeat(tx, slot.id);
    await tx.update(bookings).set({ slotId: slot.id }).where(eq(bookings.id, row.bookingId));
    await releaseSeat(tx, { hallId, slotId: row.slotId });
    await enqueueSms(tx, {
      hallId,
      kind: "rescheduled",
      bookingId: row.bookingId,
      phone: row.phone,
      body: `改约成功。${confirmationText({ code: row.code, serviceName: item.name, date: slot.date, start: shanghaiTime(slot.startsAt), channel: slot.channel, location: slot.location })}`,
    });
    return bookingViewById(tx, row.bookingId);
  });
}
