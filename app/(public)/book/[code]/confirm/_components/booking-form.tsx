"use client";

import Link from "next/link";
import { useActionState } from "react";
import { submitBooking, type BookingFormState } from "../../../actions";

const input = "mt-1 min-h-[60px] w-full rounded-lg border-2 border-slate-500 bg-white px-3 text-lg";

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} className="mt-1 font-semibold text-red-800">
      {message}
    </p>
  ) : null;
}

export function BookingForm(props: {
  service: string;
  slotId: number;
  idempotencyKey: string;
  mode: "book" | "waitlist";
  pickAnotherHref: string;
  waitlistHref: string;
}) {
  const [state, action, pending] = useActionState<BookingFormState, FormData>(submitBooking, { attempt: 0 });
  const values = state.values;
  const fields = state.fields ?? {};

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
      {state.message && (
        <div role="alert" className="rounded-lg border-2 border-red-700 bg-red-50 p-3 text-red-900">
          <p className="font-bold">{state.message}</p>
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
        </div>
      )}
      <div>
        <label htmlFor="name" className="block font-bold">
          姓名
        </label>
        <input
          id="name"
          name="name"
          autoComplete="name"
          defaultValue={values?.name}
          className={input}
          aria-invalid={!!fields.name}
          aria-describedby="name-error"
        />
        <FieldError id="name-error" message={fields.name} />
      </div>
      <div>
        <label htmlFor="phone" className="block font-bold">
          手机号码
        </label>
        <input
          id="phone"
          name="phone"
          type="tel"
          inputMode="numeric"
          autoComplete="tel"
          maxLength={11}
          defaultValue={values?.phone}
          className={input}
          aria-invalid={!!fields.phone}
          aria-describedby="phone-error phone-hint"
        />
        <p id="phone-hint" className="mt-1 text-base text-slate-700">
          用于接收预约短信，查询和取消预约时也要用到。
        </p>
        <FieldError id="phone-error" message={fields.phone} />
      </div>
      <div>
        <label htmlFor="idNumber" className="block font-bold">
          身份证号码（选填）
        </label>
        <input
          id="idNumber"
          name="idNumber"
          autoComplete="off"
          maxLength={18}
          defaultValue={values?.idNumber}
          className={input}
          aria-invalid={!!fields.idNumber}
          aria-describedby="id-error"
        />
        <FieldError id="id-error" message={fields.idNumber} />
      </div>
      <p className="text-base text-slate-700">提交后姓名和身份证号码不能修改；时间可以改约。</p>
      <button
        type="submit"
        disabled={pending}
        className="min-h-[64px] w-full rounded-xl bg-brand-600 text-xl font-bold text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {pending ? "正在提交…" : props.mode === "waitlist" ? "登记候补" : "确认预约"}
      </button>
    </form>
  );
}
