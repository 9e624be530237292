"use client";

import { useState } from "react";
import { callApi } from "@/components/cases/post-json";
import { DueBadge, StatusBadge } from "@/components/cases/case-bits";
import type { CaseListItem, CaseView } from "@/lib/cases";
import { isValidIdNumber } from "@/lib/validation/identity";
import { findPickupByIdNumber } from "../actions";

const input = "mt-1 block min-h-11 w-full rounded-md border border-slate-400 bg-white px-2 text-base";
const button = "min-h-11 rounded-lg px-3 font-bold disabled:opacity-40";

function toListItem(c: CaseView): CaseListItem {
  return {
    caseNo: c.caseNo,
    status: c.status,
    statusLabel: c.statusLabel,
    itemName: c.item.name,
    departmentName: c.department.name,
    applicantName: c.applicant.name,
    phoneMasked: c.applicant.phoneMasked,
    acceptedAt: c.acceptedAt,
    dueDate: c.dueDate,
    dueState: c.dueState,
    channel: c.channel,
  };
}

/**
 * 统一出件 and returning villagers: find a case by its number or the applicant's ID number, take in
 * the missing materials of a 补正 notice, or hand the result over after checking the ID number
 * (or send it by post with a tracking number).
 */
export function PickupPanel() {
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<CaseListItem[] | null>(null);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function search() {
    const q = query.trim().toUpperCase();
    setMessage(null);
    if (!q) {
      setMessage({ tone: "error", text: "请输入办件编号或身份证号码" });
      return;
    }
    setBusy(true);
    if (/^[A-Z]{2,4}\d{10}$/.test(q)) {
      const result = await callApi<CaseView>(`/api/v1/cases/${q}`, { method: "GET" });
      setBusy(false);
      if (!result.ok) {
        setFound([]);
        setMessage({ tone: "error", text: result.status === 404 ? `没有找到办件 ${q}` : result.message });
        return;
      }
      setFound([toListItem(result.data)]);
      return;
    }
    if (!/^\d{17}[\dX]$/.test(q)) {
      setBusy(false);
      setMessage({ tone: "error", text: "请输入 12 位办件编号（如 QC2026000123）或 18 位身份证号码" });
      return;
    }
    const result = await findPickupByIdNumber(q);
    setBusy(false);
    if (!result.ok) {
      setMessage({ tone: "error", text: result.message });
      return;
    }
    setFound(result.cases);
    if (result.cases.length === 0) setMessage({ tone: "error", text: "该身份证号码名下没有待领取的办件" });
  }

  function replace(c: CaseView) {
    setFound((list) => (list ?? []).map((x) => (x.caseNo === c.caseNo ? toListItem(c) : x)));
  }

  return (
    <section className="space-y-3 rounded-2xl bg-white p-4 shadow-sm" aria-labelledby="pickup">
      <h2 id="pickup" className="text-lg font-bold">
        统一出件 · 补正收件
      </h2>
      <form
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <label className="flex-1">
          <span className="sr-only">办件编号或身份证号码</span>
          <input
            value={query}
            onChange={(e) => setQuery(e.target.value.replace(/\s/g, ""))}
            placeholder="办件编号或身份证号码"
            maxLength={18}
            autoComplete="off"
            className={`${input} font-mono`}
            aria-label="办件编号或身份证号码"
          />
        </label>
        <button type="submit" disabled={busy} className={`${button} mt-1 bg-slate-800 text-white`}>
          查找
        </button>
      </form>
      {message && (
        <p
          role={message.tone === "error" ? "alert" : "status"}
          className={`rounded-lg p-2 font-bold ${message.tone === "error" ? "bg-red-50 text-red-800" : "bg-green-50 text-green-800"}`}
        >
          {message.text}
        </p>
      )}
      <ul className="space-y-3" data-testid="pickup-results">
        {(found ?? []).map((c) => (
          <PickupCase
            key={c.caseNo}
            item={c}
            busy={busy}
            setBusy={setBusy}
            onDone={(view, text) => {
              replace(view);
              setMessage({ tone: "ok", text });
            }}
            onError={(text) => setMessage({ tone: "error", text })}
          />
        ))}
      </ul>
    </section>
  );
}

function PickupCase(props: {
  item: CaseListItem;
  busy: boolean;
  setBusy: (b: boolean) => void;
  onDone: (view: CaseView, text: string) => void;
  onError: (text: string) => void;
}) {
  const { item: c, busy } = props;
  const [idNumber, setIdNumber] = useState("");
  const [byPost, setByPost] = useState(false);
  const [trackingNo, setTrackingNo] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);

  async function act(action: string, body: unknown, done: string) {
    props.setBusy(true);
    const result = await callApi<CaseView>(`/api/v1/cases/${c.caseNo}/${action}`, { body });
    props.setBusy(false);
    if (!result.ok) {
      setFieldError(result.fields.idNumber ?? result.fields.trackingNo ?? null);
      props.onError(result.message);
      return;
    }
    setFieldError(null);
    props.onDone(result.data, done);
  }

  return (
    <li className="rounded-lg border border-slate-200 p-3" data-case={c.caseNo}>
      <div className="flex flex-wrap items-center gap-2">
        <strong className="font-mono">{c.caseNo}</strong>
        <StatusBadge status={c.status} label={c.statusLabel} />
      </div>
      <p className="mt-1">
        {c.itemName} · {c.applicantName} {c.phoneMasked}
      </p>
      <p className="text-sm text-slate-700">
        {c.departmentName} · 期限 <DueBadge dueDate={c.dueDate} dueState={c.dueState} />
      </p>
      {c.status === "needs_supplement" && (
        <div className="mt-2 flex flex-wrap gap-2">
          <a
            href={`/window/print/${c.caseNo}/supplement`}
            target="_blank"
            rel="noopener"
            className="flex min-h-11 items-center rounded-lg border border-brand-600 px-3 font-semibold text-brand-700"
          >
            查看补正告知书
          </a>
          <button
            type="button"
            disabled={busy}
            onClick={() => void act("supplement-received", {}, `${c.caseNo} 补正材料已收齐，继续计时办理`)}
            className={`${button} bg-green-700 text-white`}
          >
            补正材料已收齐
          </button>
        </div>
      )}
      {c.status === "ready" && (
        <form
          noValidate
          className="mt-2 space-y-2 rounded-lg bg-emerald-50 p-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (byPost) {
              if (!trackingNo.trim()) return setFieldError("请填写快递单号");
              void act(
                "deliver",
                { post: { trackingNo: trackingNo.trim() } },
                `${c.caseNo} 已邮寄，单号 ${trackingNo.trim()}`,
              );
            } else {
              const id = idNumber.trim().toUpperCase();
              if (!isValidIdNumber(id)) return setFieldError("身份证号码不正确（18 位，最后一位校验码不符），请核对");
              void act("deliver", { idNumber: id }, `${c.caseNo} 身份核验通过，已交付`);
            }
          }}
        >
          <div className="flex gap-4 text-base">
            <label className="flex items-center gap-1">
              <input type="radio" checked={!byPost} onChange={() => setByPost(false)} /> 窗口领取
            </label>
            <label className="flex items-center gap-1">
              <input type="radio" checked={byPost} onChange={() => setByPost(true)} /> 邮寄送达
            </label>
          </div>
          {byPost ? (
            <label className="block">
              <span className="font-semibold">快递单号</span>
              <input
                value={trackingNo}
                onChange={(e) => setTrackingNo(e.target.value)}
                maxLength={40}
                className={input}
              />
            </label>
          ) : (
            <label className="block">
              <span className="font-semibold">核验领取人身份证号码</span>
              <input
                value={idNumber}
                onChange={(e) => setIdNumber(e.target.value.replace(/\s/g, "").toUpperCase())}
                maxLength={18}
                autoComplete="off"
                className={`${input} font-mono`}
              />
            </label>
          )}
          {fieldError && (
            <p role="alert" className="text-sm font-bold text-red-800">
              {fieldError}
            </p>
          )}
          <button type="submit" disabled={busy} className={`${button} bg-emerald-700 text-white`}>
            {byPost ? "登记邮寄" : "核验并交付"}
          </button>
        </form>
      )}
    </li>
  );
}
