import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { bookings } from "@/db/schema";
import { bookingViewById, type BookingOwner, type BookingView } from "@/lib/booking/booking-view";
import { lockOwnBooking } from "@/lib/booking/own-booking";
import { releaseSeat } from "@/lib/booking/seats";
import { dateLabel } from "@/lib/format";
import { enqueueSms } from "@/lib/notify";
import { shanghaiTime } from "@/lib/time";

/** Cancel by code and phone; the seat goes to the waitlist or back to the slot. */
export async function cancelBooking(input: {
  hallId: number;
  code: string;
  owner: BookingOwner;
}): Promise<BookingView> {
  const db = await getDb();
  const { hallId } = input;
  return db.transaction(async (tx) => {
    const row = await lockOwnBooking(tx, input);
    await tx
      .update(bookings)
      .set({ status: "cancelled", cancelledAt: new Date() })
      .where(eq(bookings.id, row.bookingId));
    await releaseSeat(tx, { hallId, slotId: row.slotId });
    await enqueueSms(tx, {
      hallId,
      kind: "cancellation",
      bookingId: row.bookingId,
      phone: row.phone,
      body: `您预约的“${row.serviceName}”（${dateLabel(row.date)} ${shanghaiTime(row.startsAt)}，预约码 ${row.code}）已取消。`,
    });
    return bookingViewById(tx, row.bookingId);
  });
}
