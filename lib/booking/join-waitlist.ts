import "server-only";
import { and, count, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { uniqueViolation } from "@/db/errors";
import { slots, waitlistEntries } from "@/db/schema";
import { checkNewBooking, lockBooking } from "@/lib/booking/booking-checks";
import type { BookingRequest } from "@/lib/booking/booking-view";
import { checkPhoneCode, usePhoneCode } from "@/lib/booking/phone-code";
import { maskName, sealIdNumber, sealPhone } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import { CHANNEL_LABEL, dateLabel } from "@/lib/format";
import { enqueueSms } from "@/lib/notify";
import { shanghaiTime } from "@/lib/time";

export interface WaitlistView {
  id: number;
  position: number;
  service: { code: string; name: string };
  slot: { id: number; channel: string; date: string; start: string; location: string };
  phone: string;
}

/**
 * Join the waitlist of a full slot; the same rules as booking apply to who may join, and the same
 * SMS code proves the phone (`phoneCode`, or `verifiedInPerson` when staff take the entry).
 */
export async function joinWaitlist(input: {
  hallId: number;
  request: BookingRequest;
  phoneCode?: string;
  verifiedInPerson?: true;
}): Promise<WaitlistView> {
  const db = await getDb();
  const { hallId, request } = input;
  const codeId = input.verifiedInPerson ? null : await checkPhoneCode({ phone: request.phone, code: input.phoneCode });
  try {
    return await db.transaction(async (tx) => {
      const sealed = { ...sealPhone(request.phone), ...sealIdNumber(request.idNumber) };
      const applicant = { phoneHash: sealed.phoneHash, idNumberHash: sealed.idNumberHash, name: request.name };
      await lockBooking(tx, applicant);
      await usePhoneCode(tx, codeId);
      const { item, slot } = await checkNewBooking(tx, {
        hallId,
        applicant,
        service: request.service,
        slotId: request.slotId,
        listFilling: codeId !== null,
      });
      const [state] = await tx
        .select({ booked: slots.booked, onlineCapacity: slots.onlineCapacity })
        .from(slots)
        .where(eq(slots.id, slot.id))
        .for("update");
      if (state.booked < state.onlineCapacity) throw new AppError("slot_available");
      const [entry] = await tx
        .insert(waitlistEntries)
        .values({
          hallId,
          slotId: slot.id,
          serviceItemId: item.id,
          applicantName: request.name,
          agentName: request.agentName ?? null,
          ...sealed,
        })
        .returning({ id: waitlistEntries.id });
      const [{ position }] = await tx
        .select({ position: count() })
        .from(waitlistEntries)
        .where(
          and(
            eq(waitlistEntries.slotId, slot.id),
            eq(waitlistEntries.status, "waiting"),
            sql`${waitlistEntries.id} <= ${entry.id}`,
          ),
        );
      const start = shanghaiTime(slot.startsAt);
      await enqueueSms(tx, {
        hallId,
        kind: "waitlist_joined",
        bookingId: null,
        phone: request.phone,
        body: `您已登记“${item.name}”${dateLabel(slot.date)} ${start} 的候补，当前第 ${position} 位。有空位时将自动为您预约并短信通知。`,
      });
      return {
        id: entry.id,
        position,
        service: { code: item.code, name: item.name },
        slot: { id: slot.id, channel: CHANNEL_LABEL[slot.channel], date: slot.date, start, location: slot.location },
        phone: sealed.phoneMasked,
      };
    });
  } catch (error) {
    if (uniqueViolation(error) === "waitlist_one_per_applicant_uq")
      throw new AppError("duplicate_booking", `${maskName(request.name)} 已在该时段的候补名单中`);
    throw error;
  }
}
