"use client";

import { useActionState } from "react";
import { closeFollowUpAction, type CloseState } from "../actions";

const input = "mt-1 block w-full rounded-md border border-slate-400 bg-white p-2";

export function CloseFollowUpForm({ id }: { id: number }) {
  const [state, action, pending] = useActionState<CloseState, FormData>(closeFollowUpAction, { attempt: 0 });
  const fields = state.fields ?? {};
  if (state.done)
    return (
      <p role="status" className="font-bold text-green-800">
        已办结回访
      </p>
    );
  return (
    <form action={action} noValidate className="space-y-2" data-testid={`close-follow-up-${id}`}>
      {state.message && (
        <p role="alert" className="rounded bg-red-50 p-2 font-bold text-red-800">
          {state.message}
        </p>
      )}
      <input type="hidden" name="id" value={id} />
      <label className="block">
        <span className="font-semibold">回访情况</span>
        <textarea name="callbackNote" rows={2} maxLength={500} className={input} />
        {fields.callbackNote && <span className="text-sm font-bold text-red-800">{fields.callbackNote}</span>}
      </label>
      <label className="block">
        <span className="font-semibold">整改措施</span>
        <textarea name="change" rows={2} maxLength={500} className={input} />
        {fields.change && <span className="text-sm font-bold text-red-800">{fields.change}</span>}
      </label>
      <button
        type="submit"
        disabled={pending}
        className="min-h-11 rounded-lg bg-slate-800 px-4 font-bold text-white disabled:opacity-50"
      >
        {pending ? "正在保存…" : "回访完成，关闭"}
      </button>
    </form>
  );
}
