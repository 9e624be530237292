"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { callApi } from "@/components/cases/post-json";
import { StatusBadge } from "@/components/cases/case-bits";
import type { CaseListItem, CaseView } from "@/lib/cases";
import { isValidIdNumber, isValidMobile } from "@/lib/validation/identity";

export interface IntakeItem {
  code: string;
  name: string;
  kind: "instant" | "promised";
  promisedDays: number | null;
  department: string;
}

interface Draft {
  ticketNumber: string;
  bookingCode: string | null;
  service: string | null;
  name: string | null;
  phone: string | null;
  idNumber: string | null;
  channel: string;
  cases: CaseListItem[];
}

interface Material {
  name: string;
  required: boolean;
  copies: string;
  note?: string;
}

/** A case made at this visit, with what the clerk may print or do next. */
interface MadeCase {
  caseNo: string;
  status: CaseView["status"];
  statusLabel: string;
  itemName: string;
  kind: "instant" | "promised" | null;
  dueDate: string | null;
}

const input = "mt-1 block min-h-11 w-full rounded-md border border-slate-400 bg-white px-2 text-base";
const button = "min-h-12 rounded-xl px-4 text-base font-bold disabled:opacity-40";

/**
 * 受理办件: the intake form for the ticket being served. One visit may make several cases; each
 * one made is listed with its print links, and an instant item can be finished on the spot.
 */
export function IntakePanel({ ticketId, items }: { ticketId: number; items: IntakeItem[] }) {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [made, setMade] = useState<MadeCase[]>([]);
  const [filter, setFilter] = useState("");
  const [service, setService] = useState("");
  const serviceRef = useRef("");
  serviceRef.current = service;
  const [materials, setMaterials] = useState<Material[]>([]);
  const [received, setReceived] = useState<Record<string, boolean>>({});
  const [name, setName] = useState("");
  const [phone, setPhone] = useState("");
  const [idNumber, setIdNumber] = useState("");
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [refusing, setRefusing] = useState(false);
  const [reason, setReason] = useState("");

  // The checklist must be the selected item's before anything is sent: while it loads, 受理 waits,
  // and an answer for an item no longer selected is dropped.
  const [loadingMaterials, setLoadingMaterials] = useState(false);
  const latestMaterials = useRef("");
  const loadMaterials = useCallback(async (code: string) => {
    latestMaterials.current = code;
    setMaterials([]);
    setReceived({});
    setLoadingMaterials(!!code);
    if (!code) return;
    const result = await callApi<{ materials: Material[] }>(`/api/v1/services/${encodeURIComponent(code)}`, {
      method: "GET",
    });
    if (latestMaterials.current !== code) return;
    setLoadingMaterials(false);
    if (!result.ok) {
      setMessage({ tone: "error", text: result.message });
      return;
    }
    setMaterials(result.data.materials);
    setReceived(Object.fromEntries(result.data.materials.map((m) => [m.name, true])));
  }, []);

  // A new ticket: read the draft (booking's item and applicant, cases already made on it).
  useEffect(() => {
    let live = true;
    void (async () => {
      const result = await callApi<Draft>(`/api/v1/tickets/${ticketId}/intake`, { method: "GET" });
      if (!live) return;
      if (!result.ok) {
        setMessage({ tone: "error", text: result.message });
        return;
      }
      const d = result.data;
      setDraft(d);
      // What the clerk typed while the draft loaded wins over the booking's data.
      setName((typed) => typed || d.name || "");
      setPhone((typed) => typed || d.phone || "");
      setIdNumber((typed) => typed || d.idNumber || "");
      setMade(
        d.cases.map((c) => ({
          caseNo: c.caseNo,
          status: c.status,
          statusLabel: c.statusLabel,
          itemName: c.itemName,
          kind: items.find((i) => i.name === c.itemName)?.kind ?? null,
          dueDate: c.dueDate,
        })),
      );
      if (d.service && !serviceRef.current) {
        setService(d.service);
        await loadMaterials(d.service);
      }
    })();
    return () => {
      live = false;
    };
  }, [ticketId, loadMaterials, items]);

  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    const list = q
      ? items.filter(
          (i) => i.name.includes(q) || i.code.toLowerCase().includes(q) || i.department.toLowerCase().includes(q),
        )
      : items;
    const selected = items.find((i) => i.code === service);
    return selected && !list.includes(selected) ? [selected, ...list] : list;
  }, [filter, items, service]);
  const item = items.find((i) => i.code === service) ?? null;

  function validate(): Record<string, string> {
    const errors: Record<string, string> = {};
    if (!service) errors.service = "请选择办理的事项";
    const trimmed = name.trim();
    if (!trimmed) errors.name = "请填写申请人姓名";
    else if (trimmed.length < 2 || trimmed.length > 20) errors.name = "姓名应为 2–20 个字";
    else if (!/^[\p{Script=Han}A-Za-z·• ]+$/u.test(trimmed)) errors.name = "姓名只能包含汉字、字母和“·”";
    if (!phone.trim()) errors.phone = "请填写手机号码";
    else if (!isValidMobile(phone.trim())) errors.phone = "手机号码应为 11 位，以 13–19 开头";
    if (idNumber.trim() && !isValidIdNumber(idNumber.trim()))
      errors.idNumber = "身份证号码不正确（18 位，最后一位校验码不符），请核对";
    if (refusing && !reason.trim()) errors.notAcceptedReason = "请填写不予受理的理由";
    if (service && loadingMaterials) errors.service = "正在读取该事项的材料清单，请稍候";
    return errors;
  }

  async function submit(notAccepted: boolean) {
    const errors = validate();
    setFields(errors);
    if (Object.keys(errors).length > 0) {
      setMessage({ tone: "error", text: "请按红字提示修改后再提交" });
      return;
    }
    setBusy(true);
    setMessage(null);
    const result = await callApi<CaseView & { receipt?: { trackUrl: string; rateUrl: string } }>("/api/v1/cases", {
      body: {
        ticketId,
        ...(draft?.bookingCode ? { bookingCode: draft.bookingCode } : {}),
        service,
        name: name.trim(),
        phone: phone.trim(),
        ...(idNumber.trim() ? { idNumber: idNumber.trim().toUpperCase() } : {}),
        materials: {
          received: materials.filter((m) => received[m.name]).map((m) => m.name),
          missing: materials.filter((m) => !received[m.name]).map((m) => m.name),
        },
        ...(notAccepted ? { notAcceptedReason: reason.trim() } : {}),
      },
    });
    setBusy(false);
    if (!result.ok) {
      setFields(result.fields);
      setMessage({ tone: "error", text: result.message });
      return;
    }
    const c = result.data;
    setMade((list) => [
      ...list,
      {
        caseNo: c.caseNo,
        status: c.status,
        statusLabel: c.statusLabel,
        itemName: c.item.name,
        kind: c.item.kind,
        dueDate: c.dueDate,
      },
    ]);
    setMessage({
      tone: "ok",
      text:
        c.status === "not_accepted"
          ? `已登记不予受理：${c.caseNo}`
          : c.status === "needs_supplement"
            ? `已受理 ${c.caseNo}，缺少材料，已生成一次性补正告知`
            : `已受理 ${c.caseNo}${c.dueDate ? `，承诺 ${c.dueDate} 前办结` : ""}`,
    });
    // Ready for the next item of the same visit: keep the applicant, clear the item.
    setService("");
    setMaterials([]);
    setReceived({});
    setRefusing(false);
    setReason("");
  }

  async function finish(caseNo: string) {
    setBusy(true);
    const result = await callApi<CaseView>(`/api/v1/cases/${caseNo}/finish`);
    setBusy(false);
    if (!result.ok) {
      setMessage({ tone: "error", text: result.message });
      return;
    }
    setMade((list) =>
      list.map((m) =>
        m.caseNo === caseNo ? { ...m, status: result.data.status, statusLabel: result.data.statusLabel } : m,
      ),
    );
    setMessage({ tone: "ok", text: `${caseNo} 已当场办结` });
  }

  const error = (key: string) =>
    fields[key] ? (
      <span className="mt-1 block text-sm font-bold text-red-800" id={`intake-${key}-error`}>
        {fields[key]}
      </span>
    ) : null;

  return (
    <section
      className="space-y-4 rounded-2xl border-2 border-brand-600 bg-white p-5 shadow-sm"
      aria-labelledby="intake"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="intake" className="text-xl font-bold">
          受理办件{draft ? ` · ${draft.ticketNumber}` : ""}
        </h2>
        {draft?.bookingCode && <span className="text-slate-700">预约码 {draft.bookingCode}（已带出事项和申请人）</span>}
      </div>
      {message && (
        <p
          role={message.tone === "error" ? "alert" : "status"}
          className={`rounded-lg p-3 font-bold ${message.tone === "error" ? "bg-red-50 text-red-800" : "bg-green-50 text-green-800"}`}
        >
          {message.text}
        </p>
      )}

      <form
        noValidate
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          void submit(false);
        }}
      >
        <div className="grid gap-3 md:grid-cols-[1fr_2fr]">
          <label className="block">
            <span className="font-semibold">查找事项</span>
            <input
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              placeholder="事项名称、编码或部门"
              className={input}
            />
          </label>
          <div className="block">
            <label className="block">
              <span className="font-semibold">办理事项</span>
              <select
                value={service}
                onChange={(e) => {
                  setService(e.target.value);
                  void loadMaterials(e.target.value);
                }}
                className={input}
                aria-invalid={!!fields.service}
                aria-describedby="intake-service-error"
              >
                <option value="">请选择（共 {shown.length} 项）</option>
                {shown.map((i) => (
                  <option key={i.code} value={i.code}>
                    {i.name}（{i.department} · {i.kind === "instant" ? "即办" : `${i.promisedDays} 个工作日`}）
                  </option>
                ))}
              </select>
            </label>
            {error("service")}
          </div>
        </div>

        <fieldset className="grid gap-3 md:grid-cols-3">
          <legend className="mb-1 font-semibold">申请人</legend>
          <div className="block">
            <label className="block">
              <span>姓名</span>
              <input
                value={name}
                onChange={(e) => setName(e.target.value)}
                maxLength={20}
                autoComplete="off"
                className={input}
                aria-invalid={!!fields.name}
                aria-describedby="intake-name-error"
              />
            </label>
            {error("name")}
          </div>
          <div className="block">
            <label className="block">
              <span>手机号码</span>
              <input
                value={phone}
                onChange={(e) => setPhone(e.target.value.replace(/\s/g, ""))}
                inputMode="numeric"
                maxLength={11}
                autoComplete="off"
                className={input}
                aria-invalid={!!fields.phone}
                aria-describedby="intake-phone-error"
              />
            </label>
            {error("phone")}
          </div>
          <div className="block">
            <label className="block">
              <span>身份证号码</span>
              <input
                value={idNumber}
                onChange={(e) => setIdNumber(e.target.value.replace(/\s/g, "").toUpperCase())}
                maxLength={18}
                autoComplete="off"
                className={`${input} font-mono`}
                aria-invalid={!!fields.idNumber}
                aria-describedby="intake-idNumber-error"
              />
            </label>
            {error("idNumber")}
          </div>
        </fieldset>

        {item && (
          <fieldset data-testid="intake-materials">
            <legend className="font-semibold">
              材料清单（一次性告知）· 勾选已收取的材料，未勾选即为缺少
              {item.kind === "promised" ? ` · 承诺 ${item.promisedDays} 个工作日` : " · 即办件"}
            </legend>
            {loadingMaterials ? (
              <p className="text-slate-600">正在读取材料清单…</p>
            ) : (
              materials.length === 0 && <p className="text-slate-600">该事项无需提交材料</p>
            )}
            <ul className="mt-2 divide-y divide-slate-100 rounded-lg border border-slate-200">
              {materials.map((m) => (
                <li key={m.name} className="flex items-center gap-3 px-3 py-2">
                  <label className="flex flex-1 items-center gap-3">
                    <input
                      type="checkbox"
                      checked={!!received[m.name]}
                      onChange={(e) => setReceived((r) => ({ ...r, [m.name]: e.target.checked }))}
                      className="size-6"
                    />
                    <span>
                      {m.name}
                      <span className="text-sm text-slate-600">（{m.copies}）</span>
                    </span>
                  </label>
                  {m.required ? (
                    <span className="rounded bg-red-100 px-2 text-sm font-bold text-red-900">必需</span>
                  ) : (
                    <span className="rounded bg-slate-100 px-2 text-sm text-slate-700">如有</span>
                  )}
                  <span className={`w-14 text-right font-bold ${received[m.name] ? "text-green-800" : "text-red-800"}`}>
                    {received[m.name] ? "已收" : "缺"}
                  </span>
                </li>
              ))}
            </ul>
          </fieldset>
        )}

        {refusing && (
          <div className="block rounded-lg border-2 border-red-300 bg-red-50 p-3">
            <label className="block">
              <span className="font-semibold">不予受理的理由（将打印在告知书上）</span>
              <textarea
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                maxLength={500}
                rows={2}
                className={input}
                aria-invalid={!!fields.notAcceptedReason}
                aria-describedby="intake-notAcceptedReason-error"
              />
            </label>
            {error("notAcceptedReason")}
          </div>
        )}

        <div className="flex flex-wrap gap-3">
          <button
            type="submit"
            disabled={busy || refusing || loadingMaterials}
            className={`${button} bg-brand-600 text-white`}
          >
            受理
          </button>
          {refusing ? (
            <>
              <button
                type="button"
                disabled={busy}
                onClick={() => void submit(true)}
                className={`${button} bg-red-700 text-white`}
              >
                确认不予受理
              </button>
              <button type="button" onClick={() => setRefusing(false)} className={`${button} border border-slate-400`}>
                取消
              </button>
            </>
          ) : (
            <button
              type="button"
              disabled={busy}
              onClick={() => setRefusing(true)}
              className={`${button} border-2 border-red-700 text-red-800`}
            >
              不予受理…
            </button>
          )}
        </div>
      </form>

      <div>
        <h3 className="font-bold">本次来访已办的件 · {made.length} 件</h3>
        {made.length === 0 && <p className="text-slate-600">还没有</p>}
        <ul className="mt-2 space-y-2" data-testid="visit-cases">
          {made.map((c) => (
            <li key={c.caseNo} className="rounded-lg border border-slate-200 p-3" data-case={c.caseNo}>
              <div className="flex flex-wrap items-center gap-2">
                <strong className="font-mono text-lg" data-testid="case-no">
                  {c.caseNo}
                </strong>
                <StatusBadge status={c.status} label={c.statusLabel} />
                <span>{c.itemName}</span>
                {c.dueDate && <span className="text-slate-700">承诺 {c.dueDate}</span>}
              </div>
              <div className="mt-2 flex flex-wrap gap-2 text-base">
                {c.status === "not_accepted" ? (
                  <PrintLink href={`/window/print/${c.caseNo}/not-accepted`}>打印不予受理告知书</PrintLink>
                ) : (
                  <>
                    <PrintLink href={`/window/print/${c.caseNo}/receipt?paper=80`}>打印受理回执（80 mm）</PrintLink>
                    <PrintLink href={`/window/print/${c.caseNo}/receipt?paper=a4`}>受理回执（A4）</PrintLink>
                  </>
                )}
                {c.status === "needs_supplement" && (
                  <PrintLink href={`/window/print/${c.caseNo}/supplement`}>打印补正告知书</PrintLink>
                )}
                {c.kind === "instant" && (c.status === "accepted" || c.status === "processing") && (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => void finish(c.caseNo)}
                    className="min-h-11 rounded-lg bg-green-700 px-3 font-bold text-white"
                  >
                    当场办结
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

function PrintLink({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener"
      className="flex min-h-11 items-center rounded-lg border border-brand-600 px-3 font-semibold text-brand-700 hover:bg-brand-50"
    >
      {children}
    </a>
  );
}
