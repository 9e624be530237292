"use client";

import { useActionState } from "react";
import { Field, PHONE_INPUT } from "@/components/field";
import type { TrackView } from "@/lib/cases";
import { lookUpCase, type TrackState } from "../actions";

const primary =
  "min-h-[64px] w-full rounded-xl bg-brand-600 text-xl font-bold text-white hover:bg-brand-700 disabled:opacity-60";

const dateTime = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  month: "long",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

/** What the status means for the villager, in one plain sentence. */
const NEXT_STEP: Record<string, string> = {
  accepted: "窗口已收下您的材料，正在转交部门办理。",
  processing: "部门正在办理，请耐心等待。",
  needs_supplement: "还缺材料：请按下面的清单一次补齐，带到服务中心窗口。补齐前办理时间暂停计算。",
  approved: "已经办好，正在准备领取，办好后会发短信通知您。",
  rejected: "部门作出了不予批准的决定，请到窗口领取决定书，了解原因。",
  ready: "已经办好！请带上身份证到服务中心窗口领取。",
  delivered: "已经领取，本件办结。",
  not_accepted: "窗口未能受理这件事，原因见下方。",
};

export function TrackForm({ caseNo }: { caseNo?: string }) {
  const [state, action, pending] = useActionState<TrackState, FormData>(lookUpCase, { attempt: 0 });
  const fields = state.fields ?? {};
  return (
    <>
      <form key={state.attempt} action={action} noValidate className="space-y-4 rounded-xl bg-white p-4 shadow-sm">
        {state.message && (
          <p role="alert" className="rounded-lg border-2 border-red-700 bg-red-50 p-3 font-bold text-red-900">
            {state.message}
          </p>
        )}
        <Field
          label="办件编号"
          name="caseNo"
          autoCapitalize="characters"
          autoComplete="off"
          maxLength={14}
          defaultValue={state.values?.caseNo ?? caseNo}
          placeholder="如 QC2026000123"
          error={fields.caseNo}
          controlClassName="font-mono uppercase"
        />
        <Field label="手机号码" {...PHONE_INPUT} defaultValue={state.values?.phone} error={fields.phone} />
        <button type="submit" disabled={pending} className={primary}>
          {pending ? "正在查询…" : "查询进度"}
        </button>
      </form>
      {state.view && <TrackResult view={state.view} />}
    </>
  );
}

function TrackResult({ view }: { view: TrackView }) {
  const waiting = view.status === "needs_supplement" && view.supplement;
  return (
    <section className="space-y-4 rounded-xl bg-white p-4 shadow-sm" aria-live="polite" data-testid="track-result">
      <div>
        <p className="font-mono text-slate-700">{view.caseNo}</p>
        <h2 className="text-2xl font-bold">{view.itemName}</h2>
        <p className="text-slate-700">
          申请人 {view.applicant.name} · {view.applicant.phoneMasked}
        </p>
      </div>
      <div
        className={`rounded-xl p-4 ${view.status === "ready" ? "bg-emerald-700 text-white" : waiting ? "border-2 border-amber-500 bg-amber-50" : "bg-brand-50"}`}
      >
        <p className="text-2xl font-black" data-testid="track-status">
          {view.statusLabel}
        </p>
        <p className="mt-1">{NEXT_STEP[view.status] ?? ""}</p>
        {view.dueDate && view.status !== "delivered" && <p className="mt-1 font-bold">承诺办结日期：{view.dueDate}</p>}
      </div>
      {view.supplement && (
        <div className="rounded-xl border-2 border-amber-500 p-4" data-testid="track-missing">
          <h3 className="text-xl font-bold">{view.supplement.receivedAt ? "补正材料（已收齐）" : "需要补交的材料"}</h3>
          <ol className="mt-2 list-decimal space-y-1 pl-6 text-lg">
            {view.supplement.missing.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ol>
          {view.supplement.note && <p className="mt-2">说明：{view.supplement.note}</p>}
        </div>
      )}
      {view.notAcceptedReason && (
        <p className="rounded-xl border-2 border-red-700 p-4">不予受理理由：{view.notAcceptedReason}</p>
      )}
      <div>
        <h3 className="text-xl font-bold">领取地点</h3>
        <p>{view.pickup.place}</p>
        <p>{view.pickup.hours}</p>
        <p>
          咨询电话：
          <a href={`tel:${view.pickup.phone}`} className="font-semibold text-brand-700 underline">
            {view.pickup.phone}
          </a>
        </p>
      </div>
      <div>
        <h3 className="text-xl font-bold">办理过程</h3>
        <ol className="mt-2 space-y-2" data-testid="track-timeline">
          {view.timeline.map((t, i) => (
            <li key={i} className="border-l-4 border-brand-600 pl-3">
              <p className="font-semibold">{t.label}</p>
              <p className="text-base text-slate-600">{dateTime.format(new Date(t.at))}</p>
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
