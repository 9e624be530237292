"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { bookingBody, phoneCodeBody } from "@/lib/api/schemas";
import { grantBookingAccess } from "@/lib/booking/access";
import { createBooking, joinWaitlist, requestPhoneCode } from "@/lib/booking";
import { lookupHash } from "@/lib/crypto";
import { isAppError, type ErrorCode } from "@/lib/errors";
import { dateLabel } from "@/lib/format";
import { fieldErrors } from "@/lib/http";
import { clientAddress } from "@/lib/http/client-address";
import { limitClient } from "@/lib/rate-limit";
import { publicHall } from "@/app/_lib/public-hall";
import { logError } from "@/lib/log";
import type { FoundBooking } from "@/app/(public)/booking/actions";

export interface BookingFormState {
  message?: string;
  code?: ErrorCode;
  fields?: Record<string, string>;
  /** What the villager typed, given back so that nothing is lost on an error. */
  values?: { forWhom: ForWhom; name: string; agentName: string; phone: string; idNumber: string; phoneCode: string };
  /** quota_exceeded to a phone that proved itself: the bookings that fill the quota. */
  filling?: { bookings: FoundBooking[]; otherPhoneBookings: number };
  waitlisted?: { position: number; phone: string };
  attempt: number;
}

/** 本人 (self) or 帮家人或他人预约 (agent, 代办). */
type ForWhom = "self" | "agent";

async function failure(
  error: unknown,
  state: BookingFormState,
  values: BookingFormState["values"],
): Promise<BookingFormState> {
  if (isAppError(error)) {
    const bookings = error.details?.bookings;
    // The SMS code of this attempt proved the phone: its bookings open from the list, as a look-up by phone gives.
    if (bookings && values)
      for (const b of bookings) await grantBookingAccess(b.code, lookupHash("phone", values.phone.trim()));
    return {
      message: error.message,
      code: error.code,
      fields: error.fields,
      values,
      filling: bookings && {
        bookings: bookings.map((b) => ({
          code: b.code,
          serviceName: b.service.name,
          when: `${dateLabel(b.date)} ${b.start}–${b.end}`,
          applicant: b.name,
        })),
        otherPhoneBookings: error.details?.otherPhoneBookings ?? 0,
      },
      attempt: state.attempt + 1,
    };
  }
  logError("booking form failed", error);
  return {
    message: "系统繁忙，请稍后再试。您填写的内容已保留。",
    code: "internal",
    values,
    attempt: state.attempt + 1,
  };
}

/** The booking form: a public POST endpoint like any other, validated the same way as the API. */
export async function submitBooking(state: BookingFormState, formData: FormData): Promise<BookingFormState> {
  const forWhom: ForWhom = formData.get("forWhom") === "agent" ? "agent" : "self";
  const values = {
    forWhom,
    name: String(formData.get("name") ?? ""),
    agentName: String(formData.get("agentName") ?? ""),
    phone: String(formData.get("phone") ?? ""),
    idNumber: String(formData.get("idNumber") ?? ""),
    phoneCode: String(formData.get("phoneCode") ?? ""),
  };
  const { forWhom: _forWhom, ...body } = values;
  const parsed = bookingBody.safeParse({
    service: formData.get("service"),
    slotId: formData.get("slotId"),
    ...body,
    // 本人: a name left in the hidden 代办人 field does not make the booking one for someone else.
    agentName: forWhom === "agent" ? values.agentName : undefined,
    phoneCode: values.phoneCode.trim() || undefined,
  });
  // 代办 needs the booker's name; the API tells the two apart by it, the form by the choice.
  const agentMissing = forWhom === "agent" && !values.agentName.trim();
  if (!parsed.success || agentMissing) {
    const fields = parsed.success ? {} : fieldErrors(parsed.error);
    if (agentMissing) {
      fields.agentName ??= "请填写代办人（您本人）的姓名";
      if (!values.idNumber.trim()) fields.idNumber ??= "帮他人预约时，请填写申请人的身份证号码";
    }
    return {
      message: "请按提示修改后再提交。",
      code: "invalid_input",
      fields,
      values,
      attempt: state.attempt + 1,
    };
  }
  const isWaitlist = formData.get("mode") === "waitlist";
  let code: string;
  try {
    await limitClient({ headers: await headers() }, "booking");
    if (isWaitlist) {
      const entry = await joinWaitlist({
        hallId: (await publicHall()).id,
        request: parsed.data,
        phoneCode: parsed.data.phoneCode,
      });
      return { waitlisted: { position: entry.position, phone: entry.phone }, values, attempt: state.attempt + 1 };
    }
    // The form's key makes a double tap or a resubmission book once.
    const key = String(formData.get("idempotencyKey") ?? "") || undefined;
    ({
      booking: { code },
    } = await createBooking({
      hallId: (await publicHall()).id,
      request: parsed.data,
      idempotencyKey: key,
      phoneCode: parsed.data.phoneCode,
    }));
  } catch (error) {
    return await failure(error, state, values);
  }
  await grantBookingAccess(code, lookupHash("phone", parsed.data.phone));
  redirect(`/booking/${code}?done=booked`);
}

export type PhoneCodeState =
  { ok: true; resendAfterSeconds: number; demoCode?: string } | { ok: false; message: string; retryAfter?: number };

/** The form's 获取验证码 button: the same operation as POST /api/v1/phone-codes. */
export async function sendBookingCode(phone: string): Promise<PhoneCodeState> {
  const parsed = phoneCodeBody.safeParse({ phone });
  if (!parsed.success) return { ok: false, message: fieldErrors(parsed.error).phone ?? "请填写正确的 11 位手机号码" };
  try {
    const sent = await requestPhoneCode({
      hallId: (await publicHall()).id,
      phone: parsed.data.phone,
      address: clientAddress({ headers: await headers() }),
    });
    return { ok: true, resendAfterSeconds: sent.resendAfterSeconds, demoCode: sent.demoCode };
  } catch (error) {
    if (isAppError(error)) return { ok: false, message: error.message, retryAfter: error.retryAfter };
    logError("phone code failed", error);
    return { ok: false, message: "系统繁忙，请稍后再试" };
  }
}
