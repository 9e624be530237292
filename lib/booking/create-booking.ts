import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import type { Db, Tx } from "@/db/connection";
import { uniqueViolation } from "@/db/errors";
import { bookings } from "@/db/schema";
import { AGENT_MATERIAL_NAME } from "@/lib/booking/agent-material";
import { checkNewBooking, lockBooking } from "@/lib/booking/booking-checks";
import {
  bookingViewById,
  selectBooking,
  toBookingView,
  type BookingRequest,
  type BookingView,
} from "@/lib/booking/booking-view";
import { checkPhoneCode, usePhoneCode } from "@/lib/booking/phone-code";
import { confirmationText, insertBooking, takeSeat } from "@/lib/booking/seats";
import { maskName, requestFingerprint, sealIdNumber, sealPhone } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import { enqueueSms } from "@/lib/notify";
import { shanghaiTime } from "@/lib/time";

/** Kept only with an Idempotency-Key: without one there is no retry to compare, so nothing is stored. */
function requestHash(request: BookingRequest) {
  return requestFingerprint([
    request.service,
    request.slotId,
    request.name,
    request.phone,
    (request.idNumber ?? "").toUpperCase(),
    // Only when given: a key stored before 代办 existed keeps its fingerprint.
    ...(request.agentName ? [request.agentName] : []),
  ]);
}

/**
 * Book a seat at the hall. The seat is taken with a conditional UPDATE (never more than the online
 * capacity, backed by a CHECK), under the phone's and the applicant's advisory locks for the
 * quotas (a 代办 booking names the booker in `agentName`; the phone is theirs); the same
 * Idempotency-Key with the same body answers with the booking it made, with another body 422.
 * A villager's own booking needs the SMS code sent to the phone (`phoneCode`, used once); a booking
 * made by staff or at the kiosk, where the person is there, says `verifiedInPerson`.
 */
export async function createBooking(input: {
  hallId: number;
  request: BookingRequest;
  idempotencyKey?: string;
  phoneCode?: string;
  verifiedInPerson?: true;
}): Promise<{ booking: BookingView; replayed: boolean }> {
  const db = await getDb();
  const { hallId, request, idempotencyKey } = input;
  const hash = idempotencyKey ? requestHash(request) : undefined;

  const replay = async (from: Db | Tx) => {
    if (!idempotencyKey) return null;
    const existing = await selectBooking(
      from,
      and(eq(bookings.hallId, hallId), eq(bookings.idempotencyKey, idempotencyKey)),
    );
    if (!existing) return null;
    if (existing.requestHash !== hash) throw new AppError("idempotency_mismatch");
    return { booking: toBookingView(existing), replayed: true };
  };

  const earlier = await replay(db);
  if (earlier) return earlier;
  let codeId: number | null = null;
  if (!input.verifiedInPerson) {
    try {
      codeId = await checkPhoneCode({ phone: request.phone, code: input.phoneCode });
    } catch (error) {
      // A retry with the same key whose first copy used the code meanwhile gets that booking.
      const winner = await replay(db);
      if (winner) return winner;
      throw error;
    }
  }

  const attempt = () =>
    db.transaction(async (tx) => {
      const sealed = { ...sealPhone(request.phone), ...sealIdNumber(request.idNumber) };
      const applicant = { phoneHash: sealed.phoneHash, idNumberHash: sealed.idNumberHash, name: request.name };
      await lockBooking(tx, applicant);
      // A retry of the same request (same key, so the same phone) may have committed while this
      // one waited for the lock: answer with that booking.
      const committed = await replay(tx);
      if (committed) return committed;
      await usePhoneCode(tx, codeId);
      const { item, slot } = await checkNewBooking(tx, {
        hallId,
        applicant,
        service: request.service,
        slotId: request.slotId,
        listFilling: codeId !== null,
      });
      await takeSeat(tx, slot.id);
      const created = await insertBooking(tx, {
        hallId,
        serviceItemId: item.id,
        slotId: slot.id,
        applicantName: request.name,
        agentName: request.agentName ?? null,
        sealed,
        idempotencyKey,
        requestHash: hash,
      });
      await enqueueSms(tx, {
        hallId,
        kind: "confirmation",
        bookingId: created.id,
        phone: request.phone,
        body: `${confirmationText({
          code: created.code,
          serviceName: item.name,
          date: slot.date,
          start: shanghaiTime(slot.startsAt),
          channel: slot.channel,
          location: slot.location,
        })}${request.agentName ? `此为代办（申请人${maskName(request.name)}），请带${AGENT_MATERIAL_NAME}。` : ""}`,
      });
      return { booking: await bookingViewById(tx, created.id), replayed: false };
    });

  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      const constraint = uniqueViolation(error);
      // A retry with the same key raced this one and won: answer with its booking.
      if (constraint === "bookings_idempotency_uq") {
        const winner = await replay(db);
        if (winner) return winner;
      }
      // A new code collided with an existing one (1 in ~10^8): try again with another.
      if (constraint === "bookings_code_uq" && tries < 3) continue;
      throw error;
    }
  }
}
