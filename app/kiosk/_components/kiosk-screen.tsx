"use client";

import { useEffect, useState } from "react";
import type { IssuedTicket } from "@/lib/queue/types";
import { BOOKING_CODE_ALPHABET, BOOKING_CODE_LENGTH, BOOKING_CODE_MESSAGE, parseBookingCode } from "@/lib/booking/code";
import { ticketQrSvg } from "@/app/kiosk/actions";
import { StaffExit } from "./staff-exit";

type Ticket = IssuedTicket;

async function post(
  url: string,
  body?: unknown,
): Promise<{ ok: true; ticket: Ticket } | { ok: false; message: string }> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body ?? {}),
    });
    const data = await response.json();
    return response.ok ? { ok: true, ticket: data } : { ok: false, message: data.message ?? "操作失败，请找工作人员" };
  } catch {
    return { ok: false, message: "网络连接中断，请稍后再试或找工作人员" };
  }
}

/** What may stand in the code box: the alphabet's letters and digits only, at most a code long. */
function cleanCode(value: string) {
  return [...value.toUpperCase()]
    .filter((c) => BOOKING_CODE_ALPHABET.includes(c))
    .join("")
    .slice(0, BOOKING_CODE_LENGTH);
}

/** The hall's touch screen: a big button per queue, check-in by booking code, a printed ticket. */
export function KioskScreen(props: {
  hallName: string;
  queues: { prefix: string; name: string; waiting: number; categories: string[] }[];
}) {
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [qr, setQr] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [isGreen, setGreen] = useState(false);
  const [isPrinted, setPrinted] = useState(false);
  // Until React has hydrated the screen a tap on a queue would be lost: the buttons wait till then.
  const [isReady, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  useEffect(() => {
    if (!ticket) return;
    setPrinted(false);
    setQr("");
    // Drawn on the server; without it (a lost connection) the ticket still shows its number.
    let isCurrent = true;
    ticketQrSvg({ number: ticket.number }).then(
      (svg) => {
        if (isCurrent && svg) setQr(svg);
      },
      () => {},
    );
    // Back to the start screen for the next person.
    const timer = setTimeout(() => setTicket(null), 30_000);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [ticket]);

  async function take(action: () => Promise<Awaited<ReturnType<typeof post>>>) {
    setBusy(true);
    setError(null);
    const result = await action();
    setBusy(false);
    if (result.ok) {
      setTicket(result.ticket);
      setCode("");
      setGreen(false);
    } else setError(result.message);
  }

  if (ticket) {
    return (
      <main className="flex min-h-screen flex-col items-center justify-center bg-brand-800 p-8 text-white">
        <div
          className="kiosk-ticket w-full max-w-md rounded-3xl bg-white p-8 text-center text-slate-900"
          data-testid="kiosk-ticket"
        >
          <p className="ticket-hall text-2xl font-bold">{props.hallName}</p>
          <p className="ticket-queue mt-2 text-xl">
            {ticket.queue} {ticket.queueName}
            {ticket.serviceName ? ` · ${ticket.serviceName}` : ""}
          </p>
          <p className="ticket-number my-4 text-8xl font-black" data-testid="kiosk-number">
            {ticket.number}
          </p>
          <p className="ticket-ahead text-2xl">
            前面还有 <strong data-testid="kiosk-ahead">{ticket.ahead}</strong> 人，预计等候约 {ticket.estimatedMinutes}{" "}
            分钟
          </p>
          {ticket.bookingCode && <p className="mt-1 text-lg">预约码 {ticket.bookingCode} 已签到</p>}
          {qr && (
            <div
              className="ticket-qr mx-auto mt-4 w-32"
              role="img"
              aria-label="手机扫码查看排队进度"
              dangerouslySetInnerHTML={{ __html: qr }}
            />
          )}
          <p className="ticket-small mt-2 text-base">手机扫码可随时查看排队进度</p>
          <p className="ticket-small mt-1 text-sm">
            {new Date().toLocaleString("zh-CN", { timeZone: "Asia/Shanghai" })}
          </p>
        </div>
        <div className="no-print mt-6 flex gap-4">
          <button
            type="button"
            disabled={isPrinted}
            onClick={() => {
              // Once per ticket: under `--kiosk-printing` Chromium prints straight to the default
              // printer with no dialog, so a second tap would be a second paper ticket.
              setPrinted(true);
              window.print();
            }}
            className="min-h-[80px] rounded-2xl bg-amber-400 px-10 text-3xl font-bold text-slate-900 disabled:opacity-60"
          >
            {isPrinted ? "已打印" : "打印号票"}
          </button>
          <button
            type="button"
            onClick={() => setTicket(null)}
            className="min-h-[80px] rounded-2xl border-4 border-white px-10 text-3xl font-bold"
          >
            完成
          </button>
        </div>
      </main>
    );
  }

  return (
    <main className="flex min-h-screen flex-col bg-brand-800 p-8 text-white">
      <StaffExit />
      <header>
        <h1 className="text-4xl font-bold">{props.hallName} · 自助取号</h1>
      </header>
      {error && (
        <p role="alert" className="mt-6 rounded-2xl bg-red-100 p-4 text-3xl font-bold text-red-900">
          {error}
        </p>
      )}
      <label className="mt-6 flex min-h-[72px] cursor-pointer items-center gap-4 rounded-2xl bg-white/10 px-6 text-3xl font-bold">
        <input type="checkbox" checked={isGreen} onChange={(e) => setGreen(e.target.checked)} className="h-10 w-10" />
        70 岁以上老人、残疾人、孕妇：绿色通道优先
      </label>
      <ul className="mt-6 grid flex-1 gap-6 md:grid-cols-3" data-testid="kiosk-queues">
        {props.queues.map((q) => (
          <li key={q.prefix}>
            <button
              type="button"
              disabled={busy || !isReady}
              onClick={() => take(() => post("/api/v1/tickets", { queue: q.prefix, greenChannel: isGreen }))}
              className="flex h-full min-h-[220px] w-full flex-col items-center justify-center rounded-3xl bg-white p-8 text-brand-800 active:bg-amber-100 disabled:opacity-60"
            >
              <span className="text-7xl font-black">{q.prefix}</span>
              <span className="mt-2 text-4xl font-bold">{q.name}</span>
              <span className="mt-3 text-2xl leading-snug text-slate-800" data-testid="kiosk-queue-kinds">
                {q.categories.length > 0 ? `办理：${q.categories.join("、")}` : "办理：各类事项，详询工作人员"}
              </span>
              <span className="mt-4 text-2xl">当前等候 {q.waiting} 人</span>
            </button>
          </li>
        ))}
      </ul>
      <form
        className="mt-8 rounded-3xl bg-white/10 p-6"
        onSubmit={(e) => {
          e.preventDefault();
          const bookingCode = parseBookingCode(code);
          if (!bookingCode) {
            setError(BOOKING_CODE_MESSAGE);
            return;
          }
          void take(() => post(`/api/v1/bookings/${encodeURIComponent(bookingCode)}/check-in`));
        }}
      >
        <label htmlFor="kiosk-code" className="block text-3xl font-bold">
          已预约？输入预约码签到（或扫描预约二维码）
        </label>
        <div className="mt-3 flex flex-wrap items-stretch gap-4">
          {/* White box, thick amber border, near-black text: plainly visible on the dark blue. */}
          <input
            id="kiosk-code"
            value={code}
            onChange={(e) => setCode(cleanCode(e.target.value))}
            maxLength={BOOKING_CODE_LENGTH}
            autoComplete="off"
            inputMode="none"
            placeholder="6 位预约码"
            data-testid="kiosk-code"
            className="min-h-[88px] min-w-0 flex-1 rounded-2xl border-4 border-amber-400 bg-white px-6 font-mono text-5xl tracking-[0.3em] text-slate-950 uppercase placeholder:tracking-normal placeholder:text-slate-500"
            aria-label="预约码"
          />
          <button
            type="button"
            onClick={() => setCode("")}
            className="min-h-[88px] rounded-2xl bg-slate-200 px-8 text-3xl font-bold text-slate-900 active:bg-amber-200"
          >
            清空
          </button>
          <button
            type="submit"
            disabled={busy || !isReady}
            className="min-h-[88px] rounded-2xl bg-amber-400 px-10 text-3xl font-bold text-slate-900 disabled:opacity-60"
          >
            签到取号
          </button>
        </div>
        <div
          role="group"
          aria-label="预约码键盘"
          className="mt-4 grid grid-cols-8 gap-2 lg:grid-cols-11"
          data-testid="kiosk-keypad"
        >
          {[...BOOKING_CODE_ALPHABET].map((key) => (
            <button
              key={key}
              type="button"
              onClick={() => setCode((c) => cleanCode(c + key))}
              className="min-h-[64px] rounded-xl bg-white font-mono text-4xl font-bold text-slate-900 active:bg-amber-200"
            >
              {key}
            </button>
          ))}
          <button
            type="button"
            onClick={() => setCode((c) => c.slice(0, -1))}
            aria-label="删除一位"
            className="col-span-2 min-h-[64px] rounded-xl bg-slate-200 text-3xl font-bold text-slate-900 active:bg-amber-200"
          >
            ⌫ 删除
          </button>
        </div>
      </form>
    </main>
  );
}
