import { z } from "zod";
import { BOOKING_CODE_MESSAGE, BOOKING_CODE_RE } from "@/lib/booking/code";

/** The zod field of a booking code: trimmed, upper-cased, then checked against the alphabet. */
export function bookingCodeField() {
  return z.string().trim().toUpperCase().regex(BOOKING_CODE_RE, BOOKING_CODE_MESSAGE);
}
