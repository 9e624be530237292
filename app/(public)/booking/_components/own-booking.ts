import { readBookingAccess } from "@/lib/booking/access";
import { getBooking } from "@/lib/booking/bookings";
import { isAppError } from "@/lib/errors";

/** The booking this browser has proved it owns (made or looked up), or null. */
export async function loadOwnBooking(code: string) {
  const upper = code.toUpperCase();
  const phoneHash = await readBookingAccess(upper);
  if (!phoneHash) return null;
  try {
    return await getBooking({ code: upper, owner: { phoneHash } });
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") return null;
    throw error;
  }
}
