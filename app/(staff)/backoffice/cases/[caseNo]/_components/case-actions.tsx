"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/components/cases/post-json";
import type { CaseStatus } from "@/db/schema";
import type { CaseView } from "@/lib/cases";

const button = "min-h-12 w-full rounded-xl px-4 text-lg font-bold disabled:opacity-40";
const input = "mt-1 block w-full rounded-md border border-slate-400 bg-white p-2";

/**
 * The back office's actions on one case. Each is a conditional status change on the server:
 * when a colleague got there first the answer is 409 and the page reloads the case.
 */
export function CaseActions(props: {
  caseNo: string;
  status: CaseStatus;
  hasSupplement: boolean;
  materials: string[];
  missing: string[];
}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [opinion, setOpinion] = useState("");
  const [asking, setAsking] = useState(false);
  const [missing, setMissing] = useState<string[]>(props.missing);
  const [note, setNote] = useState("");
  const { status } = props;

  async function act(action: string, body: unknown, done: string) {
    setBusy(true);
    setMessage(null);
    const result = await callApi<CaseView>(`/api/v1/cases/${props.caseNo}/${action}`, { body });
    setBusy(false);
    setMessage(result.ok ? { tone: "ok", text: done } : { tone: "error", text: result.message });
    if (result.ok) {
      setOpinion("");
      setAsking(false);
    }
    router.refresh();
  }

  const canDecide = status === "processing" || status === "accepted";
  return (
    <aside className="space-y-4 self-start rounded-xl bg-white p-4 shadow-sm" aria-labelledby="actions">
      <h3 id="actions" className="text-lg font-bold">
        办理
      </h3>
      {message && (
        <p
          role={message.tone === "error" ? "alert" : "status"}
          className={`rounded-lg p-3 font-bold ${message.tone === "error" ? "bg-red-50 text-red-800" : "bg-green-50 text-green-800"}`}
        >
          {message.text}
        </p>
      )}
      {status === "accepted" && (
        <button
          type="button"
          disabled={busy}
          onClick={() => void act("take", {}, "已接件，开始办理")}
          className={`${button} bg-brand-600 text-white`}
        >
          接件办理
        </button>
      )}
      {canDecide && (
        <form
          noValidate
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
          }}
        >
          <label className="block font-semibold">
            审批意见（必填）
            <textarea
              value={opinion}
              onChange={(e) => setOpinion(e.target.value)}
              rows={3}
              maxLength={500}
              className={input}
              aria-describedby="opinion-hint"
            />
          </label>
          <p id="opinion-hint" className="text-sm text-slate-600">
            {opinion.trim() ? `${opinion.trim().length}/500 字` : "准予或不予都须写明意见"}
          </p>
          <div className="grid grid-cols-2 gap-2">
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                opinion.trim()
                  ? void act("decide", { result: "approved", opinion: opinion.trim() }, "已准予")
                  : setMessage({ tone: "error", text: "请先填写审批意见" })
              }
              className={`${button} bg-green-700 text-white`}
            >
              准予
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                opinion.trim()
                  ? void act("decide", { result: "rejected", opinion: opinion.trim() }, "已作出不予决定")
                  : setMessage({ tone: "error", text: "请先填写审批意见" })
              }
              className={`${button} bg-red-700 text-white`}
            >
              不予
            </button>
          </div>
        </form>
      )}
      {canDecide && !props.hasSupplement && (
        <div className="rounded-lg border border-amber-400 p-3">
          {asking ? (
            <form
              noValidate
              className="space-y-2"
              onSubmit={(e) => {
                e.preventDefault();
                if (missing.length === 0) return setMessage({ tone: "error", text: "请勾选需要补正的材料" });
                void act("supplement-notice", { missing, note: note.trim() }, "已出具一次性补正告知，计时暂停");
              }}
            >
              <p className="font-semibold">勾选需补正的材料（一次性告知，只能出具一次）</p>
              {props.materials.map((m) => (
                <label key={m} className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    className="size-5"
                    checked={missing.includes(m)}
                    onChange={(e) =>
                      setMissing((list) => (e.target.checked ? [...list, m] : list.filter((x) => x !== m)))
                    }
                  />
                  {m}
                </label>
              ))}
              <label className="block">
                说明
                <textarea
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                  rows={2}
                  maxLength={300}
                  className={input}
                />
              </label>
              <button type="submit" disabled={busy} className={`${button} bg-amber-500`}>
                出具补正告知
              </button>
            </form>
          ) : (
            <button type="button" onClick={() => setAsking(true)} className={`${button} bg-amber-100 text-amber-950`}>
              补正告知…
            </button>
          )}
        </div>
      )}
      {status === "needs_supplement" && <p className="text-slate-700">等待群众到窗口补交材料，期间不计时。</p>}
      {status === "approved" || status === "rejected" ? (
        <button
          type="button"
          disabled={busy}
          onClick={() => void act("ready", {}, "已办结，短信已通知群众到窗口领取")}
          className={`${button} bg-emerald-700 text-white`}
        >
          办结待取（短信通知）
        </button>
      ) : null}
      {(status === "ready" || status === "delivered" || status === "not_accepted") && (
        <p className="text-slate-700">本环节无需后台操作。</p>
      )}
      {props.hasSupplement && (
        <a
          href={`/window/print/${props.caseNo}/supplement`}
          target="_blank"
          rel="noopener"
          className="block text-brand-700 underline"
        >
          查看 / 打印补正告知书
        </a>
      )}
    </aside>
  );
}
