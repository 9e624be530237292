import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/connection";
import { bookings } from "@/db/schema";
import { lockPhone } from "@/lib/booking/booking-checks";
import { NO_SUCH_BOOKING, ownerHashes, selectBooking, type BookingOwner } from "@/lib/booking/booking-view";
import { parseBookingCode } from "@/lib/booking/code";
import { decryptPii } from "@/lib/crypto";
import { AppError } from "@/lib/errors";

/**
 * Lock the villager's own booking (code and phone) for a change, under the phone's lock: only a
 * confirmed booking whose slot has not begun may be cancelled or moved.
 */
export async function lockOwnBooking(tx: Tx, input: { hallId: number; code: string; owner: BookingOwner }) {
  const code = parseBookingCode(input.code);
  if (!code) throw new AppError("not_found", NO_SUCH_BOOKING);
  const phoneHashes = ownerHashes(input.owner);
  await lockPhone(tx, phoneHashes[0]);
  const [locked] = await tx
    .select({ id: bookings.id, phoneEnc: bookings.phoneEnc })
    .from(bookings)
    .where(and(eq(bookings.hallId, input.hallId), eq(bookings.code, code), inArray(bookings.phoneHash, phoneHashes)))
    .for("update");
  if (!locked) throw new AppError("not_found", NO_SUCH_BOOKING);
  const row = (await selectBooking(tx, eq(bookings.id, locked.id)))!;
  if (row.status !== "confirmed") {
    const message =
      {
        cancelled: "该预约已取消",
        checked_in: "该预约已签到，不能再修改",
        no_show: "该预约已过期（未到）",
        completed: "该预约已办结",
      }[row.status as string] ?? "该预约已不能修改";
    throw new AppError("booking_closed", message);
  }
  if (row.startsAt <= new Date())
    throw new AppError("booking_closed", "预约时段已开始，不能再修改；如需办理请直接到现场");
  return { ...row, phone: decryptPii(locked.phoneEnc) };
}
