"use client";

import { useActionState, useState } from "react";
import { rateCase, type RateState } from "../actions";

export function RateForm(props: {
  caseNo: string;
  token: string;
  levels: { level: number; label: string }[];
  reasons: string[];
}) {
  const [state, action, pending] = useActionState<RateState, FormData>(rateCase, { attempt: 0 });
  const [level, setLevel] = useState<number | null>(null);
  if (state.done)
    return (
      <p role="status" className="rounded-xl bg-green-50 p-6 text-2xl font-bold text-green-900" data-testid="rate-done">
        谢谢您的评价！
        {level !== null && level <= 2 ? "我们会在 15 个工作日内回访您，并告诉您改进的情况。" : ""}
      </p>
    );
  return (
    <form action={action} className="space-y-5 rounded-xl bg-white p-4 shadow-sm">
      {state.message && (
        <p role="alert" className="rounded-lg border-2 border-red-700 bg-red-50 p-3 font-bold text-red-900">
          {state.message}
        </p>
      )}
      <input type="hidden" name="caseNo" value={props.caseNo} />
      <input type="hidden" name="token" value={props.token} />
      <fieldset className="space-y-3">
        <legend className="mb-2 text-xl font-bold">您对这次办事满意吗？</legend>
        {props.levels.map(({ level: l, label }) => (
          <label
            key={l}
            className={`flex min-h-[64px] items-center gap-3 rounded-xl border-2 px-4 text-xl font-bold ${level === l ? "border-brand-600 bg-brand-50" : "border-slate-300"}`}
          >
            <input
              type="radio"
              name="level"
              value={l}
              checked={level === l}
              onChange={() => setLevel(l)}
              className="size-6"
            />
            {label}
          </label>
        ))}
      </fieldset>
      {level !== null && level <= 2 && (
        <fieldset className="space-y-2 rounded-xl border-2 border-amber-500 p-3">
          <legend className="px-1 text-xl font-bold">哪里不满意？（可多选，至少一项）</legend>
          {props.reasons.map((r) => (
            <label key={r} className="flex min-h-[60px] items-center gap-3 text-xl">
              <input type="checkbox" name="reasons" value={r} className="size-6" />
              {r}
            </label>
          ))}
        </fieldset>
      )}
      <label className="block">
        <span className="text-xl font-bold">意见和建议（可不填）</span>
        <textarea
          name="comment"
          rows={3}
          maxLength={300}
          className="mt-1 w-full rounded-lg border-2 border-slate-500 p-3 text-lg"
        />
      </label>
      <button
        type="submit"
        disabled={pending || level === null}
        className="min-h-[64px] w-full rounded-xl bg-brand-600 text-xl font-bold text-white disabled:opacity-60"
      >
        {pending ? "正在提交…" : level === null ? "请先选择满意程度" : "提交评价"}
      </button>
    </form>
  );
}
