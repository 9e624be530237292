import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { bookings } from "@/db/schema";
import {
  NO_SUCH_BOOKING,
  ownerHashes,
  selectBooking,
  toBookingView,
  type BookingOwner,
  type BookingView,
} from "@/lib/booking/booking-view";
import { parseBookingCode } from "@/lib/booking/code";
import { AppError } from "@/lib/errors";

/** A villager's own booking at the hall: by its code and the phone it was made with. */
export async function getBooking(input: { hallId: number; code: string; owner: BookingOwner }): Promise<BookingView> {
  const code = parseBookingCode(input.code);
  if (!code) throw new AppError("not_found", NO_SUCH_BOOKING);
  const db = await getDb();
  const row = await selectBooking(
    db,
    and(
      eq(bookings.hallId, input.hallId),
      eq(bookings.code, code),
      inArray(bookings.phoneHash, ownerHashes(input.owner)),
    ),
  );
  if (!row) throw new AppError("not_found", NO_SUCH_BOOKING);
  return toBookingView(row);
}
