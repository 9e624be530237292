"use client";

import { useActionState } from "react";
import { saveCalendarOverride, type AdminFormState } from "../../actions";

export function OverrideForm({ minDate }: { minDate: string }) {
  const [state, action, pending] = useActionState<AdminFormState, FormData>(saveCalendarOverride, { attempt: 0 });
  const fields = state.fields ?? {};
  return (
    <form action={action} className="grid gap-3 rounded-xl bg-white p-4 shadow-sm sm:grid-cols-4">
      <label className="block">
        <span className="font-semibold">日期</span>
        <input
          type="date"
          name="date"
          min={minDate}
          required
          className="mt-1 min-h-11 w-full rounded-md border border-slate-400 px-2"
        />
        {fields.date && <span className="block text-sm text-red-700">{fields.date}</span>}
      </label>
      <label className="block">
        <span className="font-semibold">这一天</span>
        <select
          name="isOpen"
          defaultValue="0"
          className="mt-1 min-h-11 w-full rounded-md border border-slate-400 bg-white px-2"
        >
          <option value="0">休息（不接受预约）</option>
          <option value="1">开放（调休上班等）</option>
        </select>
      </label>
      <label className="block">
        <span className="font-semibold">原因（群众可见）</span>
        <input
          name="reason"
          maxLength={30}
          placeholder="如：防汛值守、系统升级"
          className="mt-1 min-h-11 w-full rounded-md border border-slate-400 px-2"
        />
        {fields.reason && <span className="block text-sm text-red-700">{fields.reason}</span>}
      </label>
      <div className="flex items-end">
        <button
          type="submit"
          disabled={pending}
          className="min-h-11 w-full rounded-md bg-slate-800 px-4 font-bold text-white disabled:opacity-60"
        >
          {pending ? "保存中…" : "保存"}
        </button>
      </div>
      {state.message && (
        <p role="alert" className="text-red-700 sm:col-span-4">
          {state.message}
        </p>
      )}
      {state.ok && (
        <p role="status" className="text-green-800 sm:col-span-4">
          {state.ok}
        </p>
      )}
    </form>
  );
}
