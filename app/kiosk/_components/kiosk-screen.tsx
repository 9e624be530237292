"use client";

import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { SignOutButton } from "@/components/sign-out-button";
import type { IssuedTicket } from "@/lib/queue/types";
import { BOOKING_CODE_LENGTH, BOOKING_CODE_MESSAGE, parseBookingCode } from "@/lib/booking/code";

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

/** The hall's touch screen: a big button per queue, check-in by booking code, a printed ticket. */
export function KioskScreen(props: {
  hallName: string;
  queues: { prefix: string; name: string; waiting: number }[];
  origin: string;
}) {
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [qr, setQr] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [isGreen, setGreen] = useState(false);

  useEffect(() => {
    if (!ticket) return;
    void QRCode.toString(`${props.origin}/queue?ticket=${ticket.number}`, { type: "svg", margin: 0 }).then(setQr);
    // Back to the start screen for the next person.
    const timer = setTimeout(() => setTicket(null), 30_000);
    return () => clearTimeout(timer);
  }, [ticket, props.origin]);

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
          <p className="text-2xl font-bold">{props.hallName}</p>
          <p className="mt-2 text-xl">
            {ticket.queue} {ticket.queueName}
            {ticket.serviceName ? ` · ${ticket.serviceName}` : ""}
          </p>
          <p className="my-4 text-8xl font-black" data-testid="kiosk-number">
            {ticket.number}
          </p>
          <p className="text-2xl">
            前面还有 <strong data-testid="kiosk-ahead">{ticket.ahead}</strong> 人，预计等候约 {ticket.estimatedMinutes}{" "}
            分钟
          </p>
          {ticket.bookingCode && <p className="mt-1 text-lg">预约码 {ticket.bookingCode} 已签到</p>}
          {qr && (
            <div
              className="mx-auto mt-4 w-32"
              role="img"
              aria-label="手机扫码查看排队进度"
              dangerouslySetInnerHTML={{ __html: qr }}
            />
          )}
          <p className="mt-2 text-base">手机扫码可随时查看排队进度</p>
          <p className="mt-1 text-sm">{new Date().toLocaleString("zh-CN", { timeZone: "Asia/Shanghai" })}</p>
        </div>
        <div className="no-print mt-6 flex gap-4">
          <button
            type="button"
            onClick={() => window.print()}
            className="min-h-[80px] rounded-2xl bg-amber-400 px-10 text-3xl font-bold text-slate-900"
          >
            打印号票
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
      <header className="flex items-center justify-between">
        <h1 className="text-4xl font-bold">{props.hallName} · 自助取号</h1>
        <SignOutButton />
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
              disabled={busy}
              onClick={() => take(() => post("/api/v1/tickets", { queue: q.prefix, greenChannel: isGreen }))}
              className="flex h-full min-h-[220px] w-full flex-col items-center justify-center rounded-3xl bg-white p-8 text-brand-800 active:bg-amber-100 disabled:opacity-60"
            >
              <span className="text-7xl font-black">{q.prefix}</span>
              <span className="mt-2 text-4xl font-bold">{q.name}</span>
              <span className="mt-4 text-2xl">当前等候 {q.waiting} 人</span>
            </button>
          </li>
        ))}
      </ul>
      <form
        className="mt-8 flex flex-wrap items-end gap-4 rounded-3xl bg-white/10 p-6"
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
        <label className="flex-1 text-3xl font-bold">
          已预约？输入预约码签到（或扫描预约二维码）
          <input
            value={code}
            onChange={(e) => setCode(e.target.value)}
            maxLength={BOOKING_CODE_LENGTH}
            autoComplete="off"
            className="mt-2 block min-h-[80px] w-full rounded-2xl px-6 font-mono text-5xl tracking-widest text-slate-900 uppercase"
            aria-label="预约码"
          />
        </label>
        <button
          type="submit"
          disabled={busy}
          className="min-h-[80px] rounded-2xl bg-amber-400 px-10 text-3xl font-bold text-slate-900 disabled:opacity-60"
        >
          签到取号
        </button>
      </form>
    </main>
  );
}
