import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import type { Db, Tx } from "@/db/connection";
import { databaseErrorNames, SEAT_OUTSIDE_TRANSACTION, uniqueViolation } from "@/db/errors";
import { bookings } from "@/db/schema";
import { AGENT_MATERIAL_NAME } from "@/lib/booking/agent-material";
import { toSlotView, type BookableItem } from "@/lib/booking/bookable-item";
import {
  assertNewBooking,
  lockBooking,
  readBookingFacts,
  type BookingFacts,
  type EarlierBooking,
  type SlotFacts,
} from "@/lib/booking/booking-checks";
import { bookingViewById, selectBooking, type BookingRequest, type BookingView } from "@/lib/booking/booking-view";
import { codeToCheck, judgeCodeCheck, type CodeCheckValues } from "@/lib/booking/phone-code";
import { bookSeat, confirmationText, seatBooked } from "@/lib/booking/seats";
import { maskName, requestFingerprint, sealIdNumber, sealPhone } from "@/lib/crypto";
import { AppError, isAppError } from "@/lib/errors";
import { logError } from "@/lib/log";
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
    return answerEarlier(from, { id: existing.bookingId, requestHash: existing.requestHash });
  };
  const answerEarlier = async (from: Db | Tx, earlier: EarlierBooking) => {
    if (earlier.requestHash !== hash) throw new AppError("idempotency_mismatch");
    return { booking: await bookingViewById(from, earlier.id), replayed: true };
  };

  // The villager's SMS code, checked inside the transaction below (a missing one is refused here).
  let codeCheck: CodeCheckValues | null = null;
  if (!input.verifiedInPerson) {
    try {
      codeCheck = codeToCheck({ phone: request.phone, code: input.phoneCode });
    } catch (error) {
      // No code: a retry with the same key of a request booked without one (PHONE_VERIFICATION was off).
      const winner = await replay(db);
      if (winner) return winner;
      throw error;
    }
  }

  // The booking in as few round trips as its invariants allow: BEGIN; both locks, and behind them
  // on the same connection every check with the SMS code's and the replay look-up
  // (readBookingFacts, the item from this instance's cache); the SMS code's use, the seat, the
  // booking and its SMS in one statement (bookSeat), which on PostgreSQL leaves together with the
  // COMMIT. Its view is built from what is known, not read back.
  const attempt = async (): Promise<{ booking: BookingView; replayed: boolean }> => {
    const sealed = { ...sealPhone(request.phone), ...sealIdNumber(request.idNumber) };
    const applicant = { phoneHash: sealed.phoneHash, idNumberHash: sealed.idNumberHash, name: request.name };
    type Outcome =
      | { answered: { booking: BookingView; replayed: boolean } }
      | { wrongCode: unknown; earlier: EarlierBooking | null }
      | { seat: Awaited<ReturnType<typeof bookSeat>>; slot: SlotFacts; item: BookableItem };
    const outcome = await db.transaction(async (tx): Promise<Outcome> => {
      // The locks and the checks' read go out together, without waiting for the locks' answer:
      // the backend runs a connection's statements one after the other, so the read's snapshot is
      // still taken once both locks are held (one statement could not: its snapshot comes first).
      const locked = lockBooking(tx, applicant);
      let facts: BookingFacts;
      try {
        [, facts] = await Promise.all([
          locked,
          readBookingFacts(tx, {
            hallId,
            applicant,
            service: request.service,
            slotId: request.slotId,
            idempotencyKey,
            codeCheck,
          }),
        ]);
      } catch (error) {
        if (!isAppError(error)) throw error;
        // The item went away after a copy of this request (same key) booked it: answer with that.
        const committed = await replay(tx);
        if (committed) return { answered: committed };
        throw error;
      }
      let codeId: number | null = null;
      if (codeCheck) {
        try {
          codeId = judgeCodeCheck(facts.codeCheck);
        } catch (wrongCode) {
          // Committed, whatever comes next: a wrong code's try stays counted.
          return { wrongCode, earlier: facts.earlier };
        }
      }
      // A retry of the same request (same key, so the same phone) may have committed while this
      // one waited for the lock: answer with that booking.
      if (facts.earlier) return { answered: await answerEarlier(tx, facts.earlier) };
      const slot = await assertNewBooking(tx, { facts, applicant, listFilling: codeId !== null });
      const { item } = facts;
      const agentNote = request.agentName
        ? `此为代办（申请人${maskName(request.name)}），请带${AGENT_MATERIAL_NAME}。`
        : "";
      const seat = await bookSeat(tx, {
        hallId,
        serviceItemId: item.id,
        slotId: slot.id,
        applicantName: request.name,
        agentName: request.agentName ?? null,
        sealed,
        idempotencyKey,
        requestHash: hash,
        phone: request.phone,
        phoneCodeId: codeId,
        smsBody: (code) =>
          `${confirmationText({
            code,
            serviceName: item.name,
            date: slot.date,
            start: shanghaiTime(slot.startsAt),
            channel: slot.channel,
            location: slot.location,
          })}${agentNote}`,
      });
      // Answered before the seat's statement has: the COMMIT follows it at once (bookSeat).
      return { seat, slot, item };
    });
    if ("answered" in outcome) return outcome.answered;
    if ("wrongCode" in outcome) {
      // A retry with the same key whose first copy used the code gets that booking.
      if (outcome.earlier) return answerEarlier(db, outcome.earlier);
      throw outcome.wrongCode;
    }
    const { slot, item } = outcome;
    const created = await seatBooked(db, outcome.seat);
    const {
      capacity: _capacity,
      remaining: _remaining,
      ...slotView
    } = toSlotView({
      ...slot,
      onlineCapacity: 0,
      booked: 0,
    });
    const booking: BookingView = {
      code: created.code,
      status: "confirmed",
      service: { code: item.code, name: item.name },
      slot: slotView,
      name: request.name,
      phone: sealed.phoneMasked,
      idNumber: sealed.idNumberMasked,
      agentName: request.agentName ?? null,
      materials: item.materials,
      createdAt: created.createdAt.toISOString(),
    };
    return { booking, replayed: false };
  };

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
      // A new code collided with an existing one (1 in ~10^8): try again with another. Or the
      // seat's statement was re-run after the COMMIT (seats.ts) and wrote nothing: again too.
      if (constraint === "bookings_code_uq" && tries < 3) continue;
      if (databaseErrorNames(error)?.code === SEAT_OUTSIDE_TRANSACTION) {
        if (tries < 3) continue;
        // The seat statement ran outside its transaction again on the last try: nothing was written,
        // the SMS code is still good. A server that keeps losing prepared statements (a
        // transaction-pooling proxy with DATABASE_PREPARE on, decision 007) does this to many
        // bookings: say so in the log.
        logError("booking: the seat statement ran outside its transaction on its last try", error);
        throw new AppError("unavailable", "系统繁忙，这次没有预约成功（验证码仍然有效），请稍后再试");
      }
      throw error;
    }
  }
}
