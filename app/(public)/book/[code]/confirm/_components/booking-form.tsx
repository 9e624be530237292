"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import { FormAlert } from "@/components/form-alert";
import { submitBooking, type BookingFormState } from "../../../actions";
import { PrivacyNotice } from "@/app/(public)/_components/privacy-notice";
import { PhoneCodeField, type PhoneCodeProgress } from "@/app/(public)/_components/phone-code-field";

export function BookingForm(props: {
  service: string;
  slotId: number;
  idempotencyKey: string;
  mode: "book" | "waitlist";
  /** PHONE_VERIFICATION=sms: the villager proves the phone with an SMS code. */
  needsPhoneCode: boolean;
  pickAnotherHref: string;
  waitlistHref: string;
}) {
  const [state, action] = useActionState<BookingFormState, FormData>(submitBooking, { attempt: 0 });
  const values = state.values;
  const fields = state.fields ?? {};
  const [codeProgress, setCodeProgress] = useState<PhoneCodeProgress>({ resendAt: 0 });

  if (state.waitlisted) {
    return (
      <div role="status" className="rounded-xl border-2 border-green-700 bg-green-50 p-4" data-testid="waitlist-done">
        <p className="text-xl font-bold">已登记候补，您排在第 {state.waitlisted.position} 位</p>
        <p className="mt-1">有人取消时，系统会自动为您预约，并发短信到 {state.waitlisted.phone}。</p>
        <Link
          href="/"
          className="mt-3 inline-flex min-h-[60px] items-center rounded-lg bg-brand-600 px-5 font-bold text-white"
        >
          回到首页
        </Link>
      </div>
    );
  }

  return (
    // The key remounts the inputs with what was typed, after React resets the form.
    <form key={state.attempt} action={action} noValidate className="space-y-4 rounded-xl bg-white p-4 shadow-sm">
      <input type="hidden" name="service" value={props.service} />
      <input type="hidden" name="slotId" value={props.slotId} />
      <input type="hidden" name="mode" value={props.mode} />
      <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
      <FormAlert message={state.message}>
        {state.code === "quota_exceeded" && (
          <p className="mt-1">
            <Link href="/lookup#by-phone" className="font-bold underline">
              用手机号查看已有预约
            </Link>
            ，取消不需要的再来预约。
          </p>
        )}
        {state.code === "slot_full" && (
          <p className="mt-1">
            <Link href={props.pickAnotherHref} className="font-bold underline">
              选择其他时段
            </Link>
            ，或在这个时段
            <Link href={props.waitlistHref} className="font-bold underline">
              登记候补
            </Link>
            。
          </p>
        )}
      </FormAlert>
      <PrivacyNotice />
      <Field
        label="姓名"
        name="name"
        autoComplete="name"
        maxLength={20}
        defaultValue={values?.name}
        error={fields.name}
      />
      <Field
        label="手机号码"
        name="phone"
        type="tel"
        inputMode="numeric"
        autoComplete="tel"
        maxLength={11}
        defaultValue={values?.phone}
        error={fields.phone}
        hint="用于接收预约短信，查询和取消预约时也要用到。"
      />
      {props.needsPhoneCode && (
        <PhoneCodeField
          defaultValue={values?.phoneCode}
          error={fields.phoneCode}
          progress={codeProgress}
          onProgress={setCodeProgress}
        />
      )}
      <Field
        label="身份证号码（选填）"
        name="idNumber"
        autoComplete="off"
        maxLength={18}
        defaultValue={values?.idNumber}
        error={fields.idNumber}
      />
      <p className="text-base text-slate-700">提交后姓名和身份证号码不能修改；时间可以改约。</p>
      <Button type="submit" pendingLabel="正在提交…">
        {props.mode === "waitlist" ? "登记候补" : "确认预约"}
      </Button>
    </form>
  );
}
