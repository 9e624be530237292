import "server-only";
import { and, asc, eq, notInArray, sql } from "drizzle-orm";
import { rowsOf, type Db, type Tx } from "@/db/connection";
import { databaseErrorNames, SEAT_CODE_USED, SEAT_REFUSED } from "@/db/errors";
import { precompiled, type Sent } from "@/db/precompiled";
import { bookings, serviceItems, serviceSessions, slots, smsOutbox, waitlistEntries, type Channel } from "@/db/schema";
import { checkInSms } from "@/lib/booking/check-in";
import { bookingWindow } from "@/lib/booking/bookable-item";
import {
  applicantKey,
  checkNewBooking,
  IN_BOOKING_SETTING,
  tryLockApplicant,
  tryLockPhone,
} from "@/lib/booking/booking-checks";
import { selectBooking } from "@/lib/booking/booking-view";
import { newBookingCode } from "@/lib/booking/code";
import { codeUsedError, useCodeStatement } from "@/lib/booking/phone-code";
import { decryptPii } from "@/lib/crypto";
import { AppError, isAppError } from "@/lib/errors";
import { dateLabel } from "@/lib/format";
import { enqueueSms, outboxRow, signalOutbox } from "@/lib/notify";
import { shanghaiTime } from "@/lib/time";

/**
 * Take one online seat of the slot, or fail with slot_full: the conditional UPDATE is the lock.
 * A slot an admin withdrew meanwhile (lib/booking/reshape-session.ts, which holds the slot's lock
 * while it cancels its bookings) is refused here too: the check of the row itself is what a
 * waiting UPDATE re-reads once that change commits.
 */
export async function takeSeat(tx: Tx, slotId: number) {
  const taken = await tx
    .update(slots)
    .set({ booked: sql`${slots.booked} + 1` })
    .where(and(eq(slots.id, slotId), sql`${slots.booked} < ${slots.onlineCapacity}`, eq(slots.isWithdrawn, false)))
    .returning({ id: slots.id });
  if (taken.length > 0) return;
  await refuseSeat(tx, slotId);
}

/** Why no seat was taken: the slot was withdrawn, or it is full. */
async function refuseSeat(scope: Db | Tx, slotId: number): Promise<never> {
  const [slot] = await scope.select({ isWithdrawn: slots.isWithdrawn }).from(slots).where(eq(slots.id, slotId));
  if (slot?.isWithdrawn) throw new AppError("conflict", "该时段已停止预约，请选择其他时段");
  throw new AppError("slot_full");
}

// The villager's SMS code marked used (useCodeStatement, as usePhoneCode runs it; no code for a
// booking made in person or with PHONE_VERIFICATION off), the seat, the booking and its SMS,
// each only when the one before it wrote. No seat, no booking and no SMS: then the statement fails
// (seat_refused()), so that the COMMIT sent behind it rolls back the transaction: YC001 when the
// slot is full or withdrawn, YC003 when the code was used or expired since it was checked. Outside
// the booking's transaction (lockBooking's mark gone: postgres.js re-ran it after the COMMIT) it
// takes nothing and fails with YC002.
const bookSeatStatement = precompiled((value) => {
  // The two conditions the seat needs besides room, and by which seat_refused() says why not.
  const inBooking = sql`current_setting(${IN_BOOKING_SETTING}, true) = 'on'`;
  const codeUsed = sql`(${value("phoneCodeId")}::integer is null or exists (select 1 from used_code))`;
  return sql`
      with used_code as (${useCodeStatement(value("phoneCodeId"))}), seat as (
        update ${slots} set booked = booked + 1
        where id = ${value("slotId")} and booked < online_capacity and not is_withdrawn
          and ${inBooking} and ${codeUsed}
        returning id
      ), booking as (
        insert into ${bookings} (hall_id, code, service_item_id, slot_id, applicant_name, agent_name,
          phone_enc, phone_hash, phone_masked, id_number_enc, id_number_hash, id_number_masked,
          idempotency_key, request_hash)
        select ${value("hallId")}, ${value("code")}, ${value("serviceItemId")}, seat.id, ${value("applicantName")},
          ${value("agentName")}, ${value("phoneEnc")}, ${value("phoneHash")}, ${value("phoneMasked")},
          ${value("idNumberEnc")}, ${value("idNumberHash")}, ${value("idNumberMasked")},
          ${value("idempotencyKey")}, ${value("requestHash")}
        from seat
        returning id, created_at
      ), sms as (
        insert into ${smsOutbox} (hall_id, kind, booking_id, phone_enc, phone_masked, body)
        select ${value("hallId")}, ${value("smsKind")}, booking.id, ${value("phoneEnc")}, ${value("phoneMasked")}, ${value("smsBody")}
        from booking
      )
      select coalesce(
        (select json_build_object('id', id, 'createdAt', created_at) from booking),
        seat_refused(${inBooking}, ${codeUsed})
      ) as booking`;
});

/**
 * takeSeat, insertBooking and the confirmation's outbox row in one statement, sent as the last of
 * the booking's transaction (precompiled's `.last`: on PostgreSQL the COMMIT goes with it): the
 * booking is inserted only from the seat's UPDATE … RETURNING and the SMS only from the booking's
 * INSERT … RETURNING, so nothing is written without a seat. `smsBody` is given the new booking's
 * code. Give the answer to `seatBooked` once the transaction has resolved.
 */
export async function bookSeat(
  tx: Tx,
  input: Omit<Parameters<typeof insertBooking>[1], "slotId"> & {
    slotId: number;
    phone: string;
    /** The checked SMS code to mark used (judgeCodeCheck's answer); null in person or with PHONE_VERIFICATION off. */
    phoneCodeId: number | null;
    smsBody: (code: string) => string;
  },
): Promise<{ code: string; slotId: number; sent: Sent }> {
  const code = newBookingCode();
  const sms = outboxRow({
    hallId: input.hallId,
    kind: "confirmation",
    bookingId: null,
    phone: input.phone,
    phoneEnc: input.sealed.phoneEnc,
    body: input.smsBody(code),
  });
  const { sealed } = input;
  const sent = await bookSeatStatement.last(tx, {
    hallId: input.hallId,
    slotId: input.slotId,
    code,
    serviceItemId: input.serviceItemId,
    applicantName: input.applicantName,
    agentName: input.agentName,
    ...sealed,
    idempotencyKey: input.idempotencyKey ?? null,
    requestHash: input.requestHash ?? null,
    smsKind: sms.kind,
    smsBody: sms.body,
    phoneCodeId: input.phoneCodeId,
  });
  return { code, slotId: input.slotId, sent };
}

/**
 * What bookSeat's statement did, read after its transaction: the booking's id, code and creation
 * time, its SMS woken; or why there was no seat (slot_full, the slot withdrawn, the SMS code used
 * or expired meanwhile), or the statement's own error (a code that collided, an Idempotency-Key
 * used meanwhile, a re-run outside the transaction: SEAT_OUTSIDE_TRANSACTION, nothing written, to
 * be tried again).
 */
export async function seatBooked(
  db: Db,
  seat: { code: string; slotId: number; sent: Sent },
): Promise<{ id: number; code: string; createdAt: Date }> {
  let answer: unknown;
  try {
    answer = await seat.sent.answer;
  } catch (error) {
    const state = databaseErrorNames(error)?.code;
    if (state === SEAT_REFUSED) return refuseSeat(db, seat.slotId);
    if (state === SEAT_CODE_USED) throw codeUsedError();
    throw error;
  }
  const [row] = rowsOf<{ booking: { id: number; createdAt: string } }>(answer);
  signalOutbox(db);
  return { id: row.booking.id, code: seat.code, createdAt: new Date(row.booking.createdAt) };
}

/** The applicant's phone and ID number as sealPhone and sealIdNumber store them. */
export interface SealedApplicant {
  phoneEnc: string;
  phoneHash: string;
  phoneMasked: string;
  idNumberEnc: string | null;
  idNumberHash: string | null;
  idNumberMasked: string | null;
}

/**
 * The one INSERT of a booking, with a new code: for a booking made online and for a waitlist
 * entry promoted to a freed seat. The caller has taken the seat.
 */
export async function insertBooking(
  tx: Tx,
  input: {
    hallId: number;
    serviceItemId: number;
    slotId: number;
    applicantName: string;
    agentName: string | null;
    sealed: SealedApplicant;
    idempotencyKey?: string;
    requestHash?: string;
  },
): Promise<{ id: number; code: string }> {
  const code = newBookingCode();
  const [created] = await tx
    .insert(bookings)
    .values({
      hallId: input.hallId,
      code,
      serviceItemId: input.serviceItemId,
      slotId: input.slotId,
      applicantName: input.applicantName,
      agentName: input.agentName,
      ...input.sealed,
      idempotencyKey: input.idempotencyKey ?? null,
      requestHash: input.requestHash ?? null,
    })
    .returning({ id: bookings.id });
  return { id: created.id, code };
}

export function confirmationText(view: {
  code: string;
  serviceName: string;
  date: string;
  start: string;
  channel: Channel;
  location: string;
}) {
  return `您已预约“${view.serviceName}”，时间 ${dateLabel(view.date)} ${view.start}，地点：${view.location}。预约码 ${view.code}，${checkInSms(view.channel)}`;
}

/**
 * A freed seat goes to the first person on the slot's waitlist who passes the booking rules
 * (checkNewBooking, under that phone's and applicant's locks), in the same transaction; an entry that fails them is
 * skipped, with the reason in the entry. Nobody is promoted into a slot inside the minimum notice
 * (they would likely miss the SMS and count as a no-show) or of a cancelled session: the seat
 * returns to the slot, as it does when nobody is waiting.
 */
export async function releaseSeat(tx: Tx, input: { hallId: number; slotId: number }) {
  const promoted = await promoteFromWaitlist(tx, input);
  if (promoted) return promoted;
  await tx
    .update(slots)
    .set({ booked: sql`${slots.booked} - 1` })
    .where(eq(slots.id, input.slotId));
  return null;
}

async function promoteFromWaitlist(tx: Tx, input: { hallId: number; slotId: number }) {
  const [slot] = await tx
    .select({ startsAt: slots.startsAt, isCancelled: serviceSessions.isCancelled })
    .from(slots)
    .innerJoin(serviceSessions, eq(serviceSessions.id, slots.sessionId))
    .where(eq(slots.id, input.slotId));
  const tooLate = () => slot.startsAt < bookingWindow().earliest;
  if (slot.isCancelled || tooLate()) return null;
  // Entries whose phone is busy in another transaction keep their place for the next seat.
  const busy: number[] = [];
  for (;;) {
    const [next] = await tx
      .select()
      .from(waitlistEntries)
      .where(
        and(
          eq(waitlistEntries.slotId, input.slotId),
          eq(waitlistEntries.status, "waiting"),
          busy.length ? notInArray(waitlistEntries.id, busy) : undefined,
        ),
      )
      .orderBy(asc(waitlistEntries.id))
      .limit(1)
      .for("update", { skipLocked: true });
    if (!next) return null;
    const applicant = { phoneHash: next.phoneHash, idNumberHash: next.idNumberHash, name: next.applicantName };
    // Both locks in lockBooking's order, neither waited for: this transaction holds the canceller's.
    if (!(await tryLockPhone(tx, next.phoneHash)) || !(await tryLockApplicant(tx, applicantKey(applicant)))) {
      busy.push(next.id);
      continue;
    }
    const [item] = await tx
      .select({ code: serviceItems.code })
      .from(serviceItems)
      .where(eq(serviceItems.id, next.serviceItemId));
    try {
      await checkNewBooking(tx, {
        hallId: input.hallId,
        applicant,
        service: item.code,
        slotId: input.slotId,
      });
    } catch (error) {
      if (!isAppError(error)) throw error;
      // The minimum notice passed while we looked: nobody gets the seat.
      if (tooLate()) return null;
      await tx
        .update(waitlistEntries)
        .set({ status: "skipped", leftReason: error.message })
        .where(eq(waitlistEntries.id, next.id));
      continue;
    }
    return promote(tx, { hallId: input.hallId, slotId: input.slotId, entry: next });
  }
}

async function promote(tx: Tx, input: { hallId: number; slotId: number; entry: typeof waitlistEntries.$inferSelect }) {
  const next = input.entry;
  const created = await insertBooking(tx, {
    hallId: input.hallId,
    serviceItemId: next.serviceItemId,
    slotId: input.slotId,
    applicantName: next.applicantName,
    agentName: next.agentName,
    sealed: {
      phoneEnc: next.phoneEnc,
      phoneHash: next.phoneHash,
      phoneMasked: next.phoneMasked,
      idNumberEnc: next.idNumberEnc,
      idNumberHash: next.idNumberHash,
      idNumberMasked: next.idNumberMasked,
    },
  });
  await tx
    .update(waitlistEntries)
    .set({ status: "booked", bookingId: created.id })
    .where(eq(waitlistEntries.id, next.id));
  const row = await selectBooking(tx, eq(bookings.id, created.id));
  await enqueueSms(tx, {
    hallId: input.hallId,
    kind: "waitlist_seat",
    bookingId: created.id,
    phone: decryptPii(next.phoneEnc),
    body: `候补成功！${confirmationText({ code: created.code, serviceName: row!.serviceName, date: row!.date, start: shanghaiTime(row!.startsAt), channel: row!.channel, location: row!.location })}`,
  });
  return { bookingId: created.id, code: created.code };
}
