import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/connection";
import { bookings, slots, waitlistEntries } from "@/db/schema";
import { selectBooking } from "@/lib/booking/booking-view";
import { newBookingCode } from "@/lib/booking/code";
import { decryptPii } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import { dateLabel } from "@/lib/format";
import { enqueueSms } from "@/lib/notify";
import { shanghaiTime } from "@/lib/time";

/** Take one online seat of the slot, or fail with slot_full: the conditional UPDATE is the lock. */
export async function takeSeat(tx: Tx, slotId: number) {
  const taken = await tx
    .update(slots)
    .set({ booked: sql`${slots.booked} + 1` })
    .where(and(eq(slots.id, slotId), sql`${slots.booked} < ${slots.onlineCapacity}`))
    .returning({ id: slots.id });
  if (taken.length === 0) throw new AppError("slot_full");
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
  location: string;
}) {
  return `您已预约“${view.serviceName}”，时间 ${dateLabel(view.date)} ${view.start}，地点：${view.location}。预约码 ${view.code}，请凭预约码签到。`;
}

/**
 * A freed seat goes to the first person on the slot's waitlist, in the same transaction;
 * without anyone waiting it returns to the slot.
 */
export async function releaseSeat(tx: Tx, input: { hallId: number; slotId: number }) {
  const [next] = await tx
    .select()
    .from(waitlistEntries)
    .where(and(eq(waitlistEntries.slotId, input.slotId), eq(waitlistEntries.status, "waiting")))
    .orderBy(asc(waitlistEntries.id))
    .limit(1)
    .for("update", { skipLocked: true });
  if (!next) {
    await tx
      .update(slots)
      .set({ booked: sql`${slots.booked} - 1` })
      .where(eq(slots.id, input.slotId));
    return null;
  }
  const created = await insertBooking(tx, {
    hallId: input.hallId,
    serviceItemId: next.serviceItemId,
    slotId: input.slotId,
    applicantName: next.applicantName,
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
    body: `候补成功！${confirmationText({ code: created.code, serviceName: row!.serviceName, date: row!.date, start: shanghaiTime(row!.startsAt), location: row!.location })}`,
  });
  return { bookingId: created.id, code: created.code };
}
