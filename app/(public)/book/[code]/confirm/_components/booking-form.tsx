"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import { Button } from "@/components/button";
import { Field, PHONE_INPUT } from "@/components/field";
import { FormAlert } from "@/components/form-alert";
import { submitBooking, type BookingFormState } from "../../../actions";
import { PrivacyNotice } from "@/app/(public)/_components/privacy-notice";
import { PhoneCodeField, type PhoneCodeProgress } from "@/app/(public)/_components/phone-code-field";
import { BookingLinks } from "@/app/(public)/booking/_components/booking-links";
import { AGENT_MATERIAL_NAME } from "@/lib/booking/agent-material";

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
  const [forWhom, setForWhom] = useState<"self" | "agent">(values?.forWhom ?? "self");
  const isAgent = forWhom === "agent";
  const phoneCode = props.needsPhoneCode && (
    <PhoneCodeField
      key="phoneCode"
      defaultValue={values?.phoneCode}
      error={fields.phoneCode}
      progress={codeProgress}
      onProgress={setCodeProgress}
    />
  );

  // One of each field; 代办 names them for the applicant and the booker (keyed, so switching keeps what was typed in each).
  const nameField = (
    <Field
      key="name"
      label={isAgent ? "申请人姓名" : "姓名"}
      name="name"
      autoComplete={isAgent ? "off" : "name"}
      maxLength={20}
      defaultValue={values?.name}
      error={fields.name}
      hint={isAgent ? "要办事的人，例如您的父亲或母亲。" : undefined}
    />
  );
  const idField = (
    <Field
      key="idNumber"
      label={isAgent ? "申请人身份证号码" : "身份证号码（选填）"}
      name="idNumber"
      autoComplete="off"
      maxLength={18}
      defaultValue={values?.idNumber}
      error={fields.idNumber}
      hint={isAgent ? "帮他人预约时必填，窗口会核对。" : undefined}
    />
  );
  const phoneField = (
    <Field
      key="phone"
      label={isAgent ? "代办人手机号码" : "手机号码"}
      {...PHONE_INPUT}
      defaultValue={values?.phone}
      error={fields.phone}
      hint={
        isAgent ? "用您的手机接收预约短信，查询和取消预约时也要用到。" : "用于接收预约短信，查询和取消预约时也要用到。"
      }
    />
  );

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
        {state.code === "quota_exceeded" && <QuotaBookings filling={state.filling} />}
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
      <fieldset>
        <legend className="font-bold">为谁办理</legend>
        <div className="mt-1 grid gap-2 sm:grid-cols-2">
          {(
            [
              ["self", "本人办理"],
              ["agent", "帮家人或他人预约（代办）"],
            ] as const
          ).map(([value, label]) => (
            <label
              key={value}
              className="flex min-h-[60px] items-center gap-3 rounded-lg border-2 border-slate-500 bg-white px-3 text-lg has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50"
            >
              <input
                type="radio"
                name="forWhom"
                value={value}
                checked={forWhom === value}
                onChange={() => setForWhom(value)}
                className="size-6 accent-brand-600"
              />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      {isAgent ? (
        <>
          {nameField}
          {idField}
          <Field
            key="agentName"
            label="代办人姓名（您本人）"
            name="agentName"
            autoComplete="name"
            maxLength={20}
            defaultValue={values?.agentName}
            error={fields.agentName}
          />
          {phoneField}
          {phoneCode}
          <p className="rounded-lg border-2 border-amber-500 bg-amber-50 p-3 text-base" data-testid="agent-notice">
            代办时请带上：<strong>{AGENT_MATERIAL_NAME}</strong>
            ，以及申请人要交的材料（见下方）。
          </p>
        </>
      ) : (
        <>
          {nameField}
          {phoneField}
          {phoneCode}
          {idField}
        </>
      )}
      <p className="text-base text-slate-700">提交后姓名和身份证号码不能修改；时间可以改约。</p>
      <Button type="submit" pendingLabel="正在提交…">
        {props.mode === "waitlist" ? "登记候补" : "确认预约"}
      </Button>
    </form>
  );
}

/**
 * The quota message's way out: the bookings that fill the quota when this attempt's SMS code proved
 * the phone, and always the look-up by phone.
 */
function QuotaBookings({ filling }: { filling: BookingFormState["filling"] }) {
  return (
    <div className="mt-1" data-testid="quota-bookings">
      {filling && filling.bookings.length > 0 && (
        <>
          <p className="font-bold">这个手机号码的有效预约（点开可改约或取消）：</p>
          <BookingLinks bookings={filling.bookings} />
        </>
      )}
      {filling && filling.otherPhoneBookings > 0 && (
        <p className="mt-2">
          另有 {filling.otherPhoneBookings} 个预约是用其他手机号码为这位申请人办理的，请用那个号码查看。
        </p>
      )}
      <p className="mt-2">
        <Link href="/lookup#by-phone" className="font-bold underline">
          用手机号查看已有预约
        </Link>
        ，取消不需要的再来预约。
      </p>
    </div>
  );
}
