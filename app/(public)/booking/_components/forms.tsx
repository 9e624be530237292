"use client";

import { useActionState } from "react";
import { cancelOwnBooking, lookUpBooking, rescheduleOwnBooking, type SimpleFormState } from "../actions";

const input = "mt-1 min-h-[60px] w-full rounded-lg border-2 border-slate-500 bg-white px-3 text-lg";
const primary =
  "min-h-[64px] w-full rounded-xl bg-brand-600 text-xl font-bold text-white hover:bg-brand-700 disabled:opacity-60";

function Alert({ message }: { message?: string }) {
  return message ? (
    <p role="alert" className="rounded-lg border-2 border-red-700 bg-red-50 p-3 font-bold text-red-900">
      {message}
    </p>
  ) : null;
}

export function LookupForm({ code }: { code?: string }) {
  const [state, action, pending] = useActionState<SimpleFormState, FormData>(lookUpBooking, { attempt: 0 });
  const fields = state.fields ?? {};
  return (
    <form key={state.attempt} action={action} noValidate className="space-y-4 rounded-xl bg-white p-4 shadow-sm">
      <Alert message={state.message} />
      <div>
        <label htmlFor="code" className="block font-bold">
          预约码
        </label>
        <input
          id="code"
          name="code"
          autoCapitalize="characters"
          autoComplete="off"
          maxLength={6}
          defaultValue={state.values?.code ?? code}
          className={`${input} font-mono uppercase tracking-widest`}
          aria-describedby="code-error"
        />
        {fields.code && (
          <p id="code-error" className="mt-1 font-semibold text-red-800">
            {fields.code}
          </p>
        )}
      </div>
      <div>
        <label htmlFor="phone" className="block font-bold">
          预约时填写的手机号码
        </label>
        <input
          id="phone"
          name="phone"
          type="tel"
          inputMode="numeric"
          maxLength={11}
          defaultValue={state.values?.phone}
          className={input}
          aria-describedby="phone-error"
        />
        {fields.phone && (
          <p id="phone-error" className="mt-1 font-semibold text-red-800">
            {fields.phone}
          </p>
        )}
      </div>
      <button type="submit" disabled={pending} className={primary}>
        {pending ? "正在查询…" : "查询预约"}
      </button>
    </form>
  );
}

export function CancelForm({ code }: { code: string }) {
  const [state, action, pending] = useActionState<SimpleFormState, FormData>(cancelOwnBooking, { attempt: 0 });
  return (
    <form action={action} className="space-y-3">
      <Alert message={state.message} />
      <input type="hidden" name="code" value={code} />
      <button
        type="submit"
        disabled={pending}
        className="min-h-[64px] w-full rounded-xl bg-red-700 text-xl font-bold text-white hover:bg-red-800 disabled:opacity-60"
      >
        {pending ? "正在取消…" : "确认取消预约"}
      </button>
    </form>
  );
}

export function RescheduleForm({ code, slotId }: { code: string; slotId: number }) {
  const [state, action, pending] = useActionState<SimpleFormState, FormData>(rescheduleOwnBooking, { attempt: 0 });
  return (
    <form action={action} className="space-y-3">
      <Alert message={state.message} />
      <input type="hidden" name="code" value={code} />
      <input type="hidden" name="slotId" value={slotId} />
      <button type="submit" disabled={pending} className={primary}>
        {pending ? "正在改约…" : "确认改到这个时间"}
      </button>
    </form>
  );
}
