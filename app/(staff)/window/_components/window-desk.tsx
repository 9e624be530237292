"use client";

import { lazy, Suspense, useCallback, useEffect, useRef, useState } from "react";
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import { FormAlert } from "@/components/form-alert";
import { useQueueStream } from "@/components/use-queue-stream";
import type { QueueState, TicketView } from "@/lib/queue/types";
import type { IntakeItem } from "./intake-panel";
import { PickupPanel } from "./pickup-panel";

// The intake form shows only while a ticket is being served: its code (a third of the desk's) is not
// in the page's first load; it is fetched as soon as the desk has a ticket (below), before it is needed.
const loadIntakePanel = () => import("./intake-panel").then((m) => ({ default: m.IntakePanel }));
const IntakePanel = lazy(loadIntakePanel);

interface Desk {
  current: TicketView | null;
  waiting: TicketView[];
  parked: TicketView[];
}

const STATUS: Record<string, string> = {
  called: "已叫号，等待到窗",
  serving: "正在办理",
  waiting: "等候中",
  parked: "暂挂",
};

/**
 * The clerk's window: the ticket at hand and what can be done with it, who is waiting (in the
 * order the system will call them) and who is parked. Keys: N next, R recall, S start,
 * F finish, X no-show, P park.
 */
export function WindowDesk(props: {
  windowId: number;
  windowNumber: number;
  initialDesk: Desk;
  initialState: QueueState;
  windows: { id: number; number: number; name: string }[];
  queues: { prefix: string; name: string }[];
  items: IntakeItem[];
}) {
  const [desk, setDesk] = useState<Desk>(props.initialDesk);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [transfer, setTransfer] = useState("");
  const [reasonFor, setReasonFor] = useState<TicketView | null>(null);
  const [reason, setReason] = useState("");
  const { state } = useQueueStream(props.initialState);

  // Refreshes race (one after an action, one for each event of the hall): only the answer to the
  // latest request may replace the desk, or an older answer could bring back a ticket already called.
  const latestRequest = useRef(0);
  const refresh = useCallback(async () => {
    const request = ++latestRequest.current;
    const response = await fetch("/api/v1/desk", { cache: "no-store" });
    if (!response.ok) return;
    const next = (await response.json()) as Desk;
    if (request === latestRequest.current) setDesk(next);
  }, []);

  // Any change in the hall (another window, the kiosk) refreshes the list.
  useEffect(() => {
    void refresh();
  }, [state.lastEventId, refresh]);

  const act = useCallback(
    async (url: string, body?: unknown, done?: string) => {
      setBusy(true);
      setMessage(null);
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body ?? {}),
        });
        if (response.status === 204) setMessage({ tone: "ok", text: "当前没有等候的群众" });
        else if (!response.ok) setMessage({ tone: "error", text: (await response.json()).message ?? "操作失败" });
        else if (done) setMessage({ tone: "ok", text: done });
      } catch {
        setMessage({ tone: "error", text: "网络连接中断，请重试" });
      } finally {
        setBusy(false);
        await refresh();
      }
    },
    [refresh],
  );

  const current = desk.current;
  // A called ticket is served in a moment: fetch the intake form's code now, so it is there at 开始办理.
  const hasTicket = current !== null;
  useEffect(() => {
    if (hasTicket) void loadIntakePanel();
  }, [hasTicket]);
  const ticketAction = useCallback(
    (action: string, body?: unknown, done?: string) =>
      current && act(`/api/v1/tickets/${current.id}/${action}`, body, done),
    [act, current],
  );
  const callNext = useCallback(() => act(`/api/v1/windows/${props.windowId}/call-next`), [act, props.windowId]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (
        busy ||
        event.ctrlKey ||
        event.metaKey ||
        event.altKey ||
        ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName)
      )
        return;
      const key = event.key.toLowerCase();
      if (key === "n") void callNext();
      else if (key === "r") void ticketAction("recall");
      else if (key === "s") void ticketAction("start");
      else if (key === "f") void ticketAction("finish");
      else if (key === "x") void ticketAction("no-show");
      else if (key === "p") void ticketAction("park");
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [busy, callNext, ticketAction]);

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_360px]">
      <section className="space-y-4">
        <div className="rounded-2xl bg-white p-6 shadow-sm" data-testid="desk-current">
          <p className="text-slate-600">{props.windowNumber} 号窗口 · 当前</p>
          {current ? (
            <>
              <p className="text-7xl font-black" data-testid="desk-number">
                {current.number}
              </p>
              <p className="mt-1 text-lg" data-testid="desk-status">
                {STATUS[current.status] ?? current.status}
                {current.recallCount > 0 ? ` · 已重呼 ${current.recallCount} 次` : ""}
                {current.isGreenChannel ? " · 绿色通道" : ""}
              </p>
              {current.source === "booking" && (
                <p className="mt-1">
                  预约：{current.applicantName} · {current.serviceName}（{current.bookingCode}）
                </p>
              )}
            </>
          ) : (
            <p className="py-4 text-3xl text-slate-500">空闲</p>
          )}
          <FormAlert message={message?.text} tone={message?.tone === "error" ? "error" : "success"} className="mt-3" />
        </div>
        <div className="flex flex-wrap gap-3">
          <Button size="staff" disabled={busy} onClick={callNext} aria-keyshortcuts="N">
            叫下一位 (N)
          </Button>
          <Button
            size="staff"
            variant="secondary"
            disabled={busy || !current || current.status !== "called"}
            onClick={() => ticketAction("recall")}
            aria-keyshortcuts="R"
          >
            重呼 (R)
          </Button>
          <Button
            size="staff"
            disabled={busy || current?.status !== "called"}
            onClick={() => ticketAction("start")}
            aria-keyshortcuts="S"
          >
            开始办理 (S)
          </Button>
          <Button
            size="staff"
            disabled={busy || !current}
            onClick={() => ticketAction("finish", undefined, "已办结")}
            aria-keyshortcuts="F"
          >
            办结 (F)
          </Button>
          <Button
            size="staff"
            variant="danger"
            disabled={busy || current?.status !== "called"}
            onClick={() => ticketAction("no-show", undefined, "已标记未到")}
            aria-keyshortcuts="X"
          >
            未到过号 (X)
          </Button>
          <Button
            size="staff"
            variant="secondary"
            disabled={busy || !current}
            onClick={() => ticketAction("park", undefined, "已暂挂，群众回来后可恢复")}
            aria-keyshortcuts="P"
          >
            暂挂 (P)
          </Button>
        </div>
        <form
          className="flex flex-wrap items-end gap-3 rounded-2xl bg-white p-4 shadow-sm"
          onSubmit={(e) => {
            e.preventDefault();
            if (!transfer) return;
            const [kind, value] = transfer.split(":");
            void ticketAction("transfer", kind === "q" ? { queue: value } : { windowId: Number(value) }, "已转出");
            setTransfer("");
          }}
        >
          <Field
            as="select"
            label="转给"
            name="transfer"
            density="staff"
            className="flex-1"
            value={transfer}
            onChange={(e) => setTransfer(e.target.value)}
          >
            <option value="">选择窗口或队列</option>
            {props.windows
              .filter((w) => w.id !== props.windowId)
              .map((w) => (
                <option key={w.id} value={`w:${w.id}`}>
                  {w.name}
                </option>
              ))}
            {props.queues.map((q) => (
              <option key={q.prefix} value={`q:${q.prefix}`}>
                {q.prefix} {q.name}队列
              </option>
            ))}
          </Field>
          <Button type="submit" size="staff" variant="secondary" disabled={busy || !current || !transfer}>
            转出
          </Button>
        </form>
        {current?.status === "serving" ? (
          <Suspense
            fallback={
              <p className="rounded-2xl border-2 border-dashed border-slate-300 p-4 text-slate-600">
                正在载入受理表单…
              </p>
            }
          >
            <IntakePanel key={current.id} ticketId={current.id} items={props.items} />
          </Suspense>
        ) : (
          <p className="rounded-2xl border-2 border-dashed border-slate-300 p-4 text-slate-600">
            开始办理后，在这里受理办件（可一次办多件）。
          </p>
        )}
        <PickupPanel />
      </section>

      <aside className="space-y-4">
        <section className="rounded-2xl bg-white p-4 shadow-sm">
          <h2 className="text-lg font-bold">等候（按叫号顺序）· {desk.waiting.length} 人</h2>
          <ol className="mt-2 max-h-[50vh] space-y-1 overflow-auto" data-testid="desk-waiting">
            {desk.waiting.map((t) => (
              <li
                key={t.id}
                className="flex items-center justify-between gap-2 rounded-lg border border-slate-100 px-2 py-1"
              >
                <span>
                  <strong>{t.number}</strong>
                  {t.isGreenChannel ? " 绿色通道" : t.source === "booking" ? " 预约" : ""}
                  {t.targetWindow ? ` 转入` : ""}
                </span>
                <Button
                  size="compact"
                  variant="secondary"
                  disabled={busy || current?.status === "called"}
                  onClick={() => setReasonFor(t)}
                >
                  跳号呼叫
                </Button>
              </li>
            ))}
          </ol>
        </section>
        {reasonFor && (
          <form
            className="space-y-2 rounded-2xl border-2 border-amber-500 bg-amber-50 p-4"
            onSubmit={(e) => {
              e.preventDefault();
              void act(`/api/v1/tickets/${reasonFor.id}/call`, { reason }, `已跳号呼叫 ${reasonFor.number}`);
              setReasonFor(null);
              setReason("");
            }}
          >
            <Field
              label={`跳号呼叫 ${reasonFor.number} 的原因（将记录）`}
              name="reason"
              density="staff"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={100}
            />
            <div className="flex gap-2">
              <Button type="submit" size="staff">
                呼叫
              </Button>
              <Button size="staff" variant="secondary" onClick={() => setReasonFor(null)}>
                取消
              </Button>
            </div>
          </form>
        )}
        <section className="rounded-2xl bg-white p-4 shadow-sm">
          <h2 className="text-lg font-bold">绿色通道取号</h2>
          <p className="text-sm text-slate-600">为老人、残疾人等取一个优先号</p>
          <div className="mt-2 flex flex-wrap gap-2">
            {props.queues.map((q) => (
              <Button
                key={q.prefix}
                size="compact"
                variant="secondary"
                disabled={busy}
                onClick={async () => {
                  setBusy(true);
                  try {
                    const response = await fetch("/api/v1/tickets", {
                      method: "POST",
                      headers: { "content-type": "application/json" },
                      body: JSON.stringify({ queue: q.prefix, greenChannel: true }),
                    });
                    const body = await response.json();
                    setMessage(
                      response.ok
                        ? { tone: "ok", text: `已取绿色通道号 ${body.number}` }
                        : { tone: "error", text: body.message ?? "取号失败" },
                    );
                  } catch {
                    setMessage({ tone: "error", text: "网络连接中断，请重试" });
                  } finally {
                    setBusy(false);
                    await refresh();
                  }
                }}
              >
                {q.prefix} {q.name}
              </Button>
            ))}
          </div>
        </section>
        <section className="rounded-2xl bg-white p-4 shadow-sm">
          <h2 className="text-lg font-bold">暂挂</h2>
          <ul className="mt-2 space-y-1" data-testid="desk-parked">
            {desk.parked.length === 0 && <li className="text-slate-500">无</li>}
            {desk.parked.map((t) => (
              <li key={t.id} className="flex items-center justify-between">
                <strong>{t.number}</strong>
                <Button
                  size="compact"
                  variant="secondary"
                  disabled={busy}
                  onClick={() => act(`/api/v1/tickets/${t.id}/unpark`, undefined, `${t.number} 已恢复，将优先叫号`)}
                >
                  恢复
                </Button>
              </li>
            ))}
          </ul>
        </section>
      </aside>
    </div>
  );
}
