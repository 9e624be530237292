"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { mobilePhone, phoneCode } from "@/lib/api/schemas";
import { grantBookingAccess, readBookingAccess } from "@/lib/booking/access";
import { bookingCodeField } from "@/lib/booking/code-field";
import { cancelBooking, findBookingsByPhone, getBooking, rescheduleBooking } from "@/lib/booking";
import { lookupHash, maskName } from "@/lib/crypto";
import { isAppError } from "@/lib/errors";
import { CHANNEL_LABEL, dateLabel } from "@/lib/format";
import { fieldErrors } from "@/lib/http";
import { limitClient } from "@/lib/rate-limit";
import { publicHall } from "@/app/_lib/public-hall";
import { logError } from "@/lib/log";

export interface SimpleFormState {
  message?: string;
  fields?: Record<string, string>;
  values?: Record<string, string>;
  attempt: number;
}

const lookupForm = z.object({
  code: bookingCodeField(),
  phone: mobilePhone,
});

function failed(error: unknown, state: SimpleFormState, values?: Record<string, string>): SimpleFormState {
  if (isAppError(error)) return { message: error.message, fields: error.fields, values, attempt: state.attempt + 1 };
  logError("booking action failed", error);
  return { message: "系统繁忙，请稍后再试。", values, attempt: state.attempt + 1 };
}

/** Look a booking up by its code and phone; the browser then keeps access to it. */
export async function lookUpBooking(state: SimpleFormState, formData: FormData): Promise<SimpleFormState> {
  const values = { code: String(formData.get("code") ?? ""), phone: String(formData.get("phone") ?? "") };
  const parsed = lookupForm.safeParse(values);
  if (!parsed.success)
    return { message: "请按提示修改。", fields: fieldErrors(parsed.error), values, attempt: state.attempt + 1 };
  try {
    await limitClient({ headers: await headers() }, "lookup");
    await getBooking({ hallId: (await publicHall()).id, code: parsed.data.code, owner: { phone: parsed.data.phone } });
  } catch (error) {
    return failed(error, state, values);
  }
  await grantBookingAccess(parsed.data.code, lookupHash("phone", parsed.data.phone));
  redirect(`/booking/${parsed.data.code}`);
}

async function ownerOf(code: string) {
  const phoneHash = await readBookingAccess(code);
  if (!phoneHash) redirect(`/booking/${code}`);
  return { phoneHash };
}

export async function cancelOwnBooking(state: SimpleFormState, formData: FormData): Promise<SimpleFormState> {
  const code = String(formData.get("code") ?? "");
  const owner = await ownerOf(code);
  try {
    await limitClient({ headers: await headers() }, "booking");
    await cancelBooking({ hallId: (await publicHall()).id, code, owner });
  } catch (error) {
    return failed(error, state);
  }
  redirect(`/booking/${code}?done=cancelled`);
}

export async function rescheduleOwnBooking(state: SimpleFormState, formData: FormData): Promise<SimpleFormState> {
  const code = String(formData.get("code") ?? "");
  const slotId = Number(formData.get("slotId"));
  const owner = await ownerOf(code);
  try {
    await limitClient({ headers: await headers() }, "booking");
    await rescheduleBooking({ hallId: (await publicHall()).id, code, owner, slotId });
  } catch (error) {
    return failed(error, state);
  }
  redirect(`/booking/${code}?done=rescheduled`);
}

const findByPhoneForm = z.object({ phone: mobilePhone, phoneCode });

/** One of the phone's bookings as the look-up lists it: enough to recognise it, and its page. */
export interface FoundBooking {
  code: string;
  serviceName: string;
  when: string;
  where?: string;
  /** Whom it is for, masked (张*福): one phone may book for the family (代办). */
  applicant: string;
}

export interface FindByPhoneState extends SimpleFormState {
  found?: FoundBooking[];
}

/**
 * "我把预约码弄丢了": the phone plus a one-time SMS code lists the phone's coming bookings, and
 * the browser gets access to each of them (as a look-up by code would give).
 */
export async function findMyBookings(state: FindByPhoneState, formData: FormData): Promise<FindByPhoneState> {
  const values = { phone: String(formData.get("phone") ?? ""), phoneCode: String(formData.get("phoneCode") ?? "") };
  const parsed = findByPhoneForm.safeParse(values);
  if (!parsed.success)
    return { message: "请按提示修改。", fields: fieldErrors(parsed.error), values, attempt: state.attempt + 1 };
  try {
    await limitClient({ headers: await headers() }, "lookup");
    const found = await findBookingsByPhone({
      hallId: (await publicHall()).id,
      phone: parsed.data.phone,
      phoneCode: parsed.data.phoneCode,
    });
    const phoneHash = lookupHash("phone", parsed.data.phone);
    for (const booking of found) await grantBookingAccess(booking.code, phoneHash);
    return {
      attempt: state.attempt + 1,
      values: { phone: parsed.data.phone },
      found: found.map((b) => ({
        code: b.code,
        serviceName: b.service.name,
        when: `${dateLabel(b.slot.date)} ${b.slot.start}–${b.slot.end}`,
        where: `${CHANNEL_LABEL[b.slot.channel]}${b.slot.villageName ? `（${b.slot.villageName}）` : ""}：${b.slot.location}`,
        applicant: maskName(b.name),
      })),
    };
  } catch (error) {
    return failed(error, state, values);
  }
}
