import { readBookingAccess } from "@/lib/booking/access";
import { getBooking } from "@/lib/booking";
import { isAppError } from "@/lib/errors";
import { publicHall } from "@/app/_lib/public-hall";

/** The booking this browser has proved it owns (made or looked up), or null. */
export async function loadOwnBooking(code: string) {
  const upper = code.toUpperCase();
  const phoneHash = await readBookingAccess(upper);
  if (!phoneHash) return null;
  try {
    return await getBooking({ hallId: (await publicHall()).id, code: upper, owner: { phoneHash } });
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") return null;
    throw error;
  }
}
