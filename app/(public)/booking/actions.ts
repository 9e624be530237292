"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { mobilePhone } from "@/lib/api/schemas";
import { grantBookingAccess, readBookingAccess } from "@/lib/booking/access";
import { bookingCodeField } from "@/lib/booking/code";
import { cancelBooking, getBooking, rescheduleBooking } from "@/lib/booking";
import { lookupHash } from "@/lib/crypto";
import { isAppError } from "@/lib/errors";
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
