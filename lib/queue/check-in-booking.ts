import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { uniqueViolation } from "@/db/errors";
import { bookings, queues, serviceItems, slots, tickets } from "@/db/schema";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { parseBookingCode } from "@/lib/booking/code";
import { AppError } from "@/lib/errors";
import { issueNumber } from "@/lib/queue/new-ticket";
import { bookingPriority } from "@/lib/queue/order";
import type { IssuedTicket } from "@/lib/queue/types";
import { shanghaiDate } from "@/lib/time";

/** Check a booking in (code from the QR or typed): a ticket in its item's queue, ahead of walk-ins near its time. */
export async function checkInBooking(input: { actor: Actor; code: string }): Promise<IssuedTicket> {
  assertRole(input.actor, "kiosk", "clerk");
  const code = parseBookingCode(input.code);
  if (!code) throw new AppError("not_found", "没有找到这个预约码，请核对");
  const db = await getDb();
  const now = new Date();
  const today = shanghaiDate(now);
  try {
    return await db.transaction(async (tx) => {
      const [booking] = await tx
        .select({
          id: bookings.id,
          status: bookings.status,
          startsAt: slots.startsAt,
          itemId: serviceItems.id,
          itemName: serviceItems.name,
          queueId: serviceItems.queueId,
        })
        .from(bookings)
        .innerJoin(slots, eq(slots.id, bookings.slotId))
        .innerJoin(serviceItems, eq(serviceItems.id, bookings.serviceItemId))
        .where(and(eq(bookings.hallId, input.actor.hallId), eq(bookings.code, code)))
        .for("update", { of: bookings });
      if (!booking) throw new AppError("not_found", "没有找到这个预约码，请核对");
      if (booking.status === "checked_in") {
        const [existing] = await tx
          .select({ number: tickets.number })
          .from(tickets)
          .where(eq(tickets.bookingId, booking.id));
        throw new AppError("conflict", `该预约已签到${existing ? `，您的号码是 ${existing.number}` : ""}`);
      }
      if (booking.status !== "confirmed")
        throw new AppError(
          "booking_closed",
          booking.status === "cancelled" ? "该预约已取消，请重新取号" : "该预约已失效，请重新取号",
        );
      if (shanghaiDate(booking.startsAt) !== today)
        throw new AppError("conflict", `该预约不是今天的（${shanghaiDate(booking.startsAt)}），请按预约日期前来`);
      const [queue] = await tx.select().from(queues).where(eq(queues.id, booking.queueId));
      const issued = await issueNumber(tx, {
        actor: input.actor,
        queue,
        source: "booking",
        bookingId: booking.id,
        serviceItemId: booking.itemId,
        priority: bookingPriority(booking.startsAt, now),
        isGreenChannel: false,
        today,
      });
      await tx.update(bookings).set({ status: "checked_in", checkedInAt: now }).where(eq(bookings.id, booking.id));
      return { ...issued, bookingCode: code, serviceName: booking.itemName };
    });
  } catch (error) {
    if (uniqueViolation(error) === "tickets_booking_uq") throw new AppError("conflict", "该预约已签到");
    throw error;
  }
}
