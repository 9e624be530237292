import "server-only";
import { and, eq, gte, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { bookings, slots } from "@/db/schema";
import { selectBookings, toBookingView, type BookingView } from "@/lib/booking/booking-view";
import { checkPhoneCode, usePhoneCode } from "@/lib/booking/phone-code";
import { lookupHashes } from "@/lib/crypto";
import { shanghaiDate, atShanghai } from "@/lib/time";

/**
 * "我把预约码弄丢了": the phone's bookings at the hall from today on that are still to come
 * (confirmed or checked in), soonest first, once the villager proves the phone with a one-time SMS
 * code. The code is needed even when PHONE_VERIFICATION is off — without it a phone number alone
 * would list someone's bookings — and it is used up, so one code lists once.
 */
export async function findBookingsByPhone(input: {
  hallId: number;
  phone: string;
  phoneCode: string | undefined;
}): Promise<BookingView[]> {
  const codeId = await checkPhoneCode({ phone: input.phone, code: input.phoneCode, always: true });
  const db = await getDb();
  return db.transaction(async (tx) => {
    await usePhoneCode(tx, codeId);
    const rows = await selectBookings(
      tx,
      and(
        eq(bookings.hallId, input.hallId),
        inArray(bookings.phoneHash, lookupHashes("phone", input.phone)),
        inArray(bookings.status, ["confirmed", "checked_in"]),
        gte(slots.startsAt, atShanghai(shanghaiDate(), "00:00")),
      ),
    );
    return rows.map(toBookingView);
  });
}
