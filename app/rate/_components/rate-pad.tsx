"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { SessionKeeper } from "@/components/session-keeper";

interface PadState {
  window: { number: number; name: string };
  clerk: { name: string } | null;
  pending: { ticketId: number; ticketNumber: string; caseNos: string[] } | null;
}

// Drawn, not emoji: the pad's browser may have no colour emoji font (and the hall is offline).
const FACE: Record<number, { mouth: string; tone: string }> = {
  5: { mouth: "M16 38 Q32 54 48 38", tone: "bg-green-700 text-white" },
  4: { mouth: "M19 40 Q32 48 45 40", tone: "bg-green-100 text-green-950" },
  3: { mouth: "M19 42 L45 42", tone: "bg-slate-200 text-slate-950" },
  2: { mouth: "M19 45 Q32 37 45 45", tone: "bg-amber-200 text-amber-950" },
  1: { mouth: "M16 48 Q32 32 48 48", tone: "bg-red-700 text-white" },
};

function Face({ level }: { level: number }) {
  return (
    <svg viewBox="0 0 64 64" className="size-24" aria-hidden fill="none" stroke="currentColor" strokeWidth="4">
      <circle cx="32" cy="32" r="29" />
      <circle cx="22" cy="25" r="3.5" fill="currentColor" stroke="none" />
      <circle cx="42" cy="25" r="3.5" fill="currentColor" stroke="none" />
      <path d={FACE[level].mouth} strokeLinecap="round" />
    </svg>
  );
}

const POLL_MS = 3000;
const THANKS_MS = 6000;

type Phase = { kind: "idle" } | { kind: "rate" } | { kind: "reason"; level: number } | { kind: "thanks" };

/**
 * 好差评 at the window. Idle it shows the window and the clerk; when the clerk finishes serving,
 * the visit waits for a rating (five big buttons); 不满意 or worse asks why; then thanks and idle.
 */
export function RatePad(props: { initial: PadState; levels: { level: number; label: string }[]; reasons: string[] }) {
  const [pad, setPad] = useState<PadState>(props.initial);
  const [phase, setPhase] = useState<Phase>({ kind: props.initial.pending ? "rate" : "idle" });
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const rated = useRef(new Set<number>());
  const phaseRef = useRef(phase);
  phaseRef.current = phase;

  const poll = useCallback(async () => {
    try {
      const response = await fetch("/api/v1/pad", { cache: "no-store" });
      if (response.status === 401) {
        window.location.href = "/login?next=/rate";
        return;
      }
      if (!response.ok) return;
      const next = (await response.json()) as PadState;
      if (next.pending && rated.current.has(next.pending.ticketId)) next.pending = null;
      setPad(next);
      const current = phaseRef.current.kind;
      if (next.pending && current === "idle") setPhase({ kind: "rate" });
      if (!next.pending && (current === "rate" || current === "reason")) setPhase({ kind: "idle" });
    } catch {
      // Offline for a moment: keep the screen as it is and try again at the next tick.
    }
  }, []);

  useEffect(() => {
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => clearInterval(timer);
  }, [poll]);

  useEffect(() => {
    if (phase.kind !== "thanks") return;
    const timer = setTimeout(() => setPhase({ kind: "idle" }), THANKS_MS);
    return () => clearTimeout(timer);
  }, [phase]);

  async function submit(level: number, reasons: string[]) {
    const pending = pad.pending;
    if (!pending) return;
    setBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/v1/pad/evaluations", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ticketId: pending.ticketId, level, ...(reasons.length ? { reasons } : {}) }),
      });
      if (response.ok || response.status === 409) {
        rated.current.add(pending.ticketId);
        setPad((p) => ({ ...p, pending: null }));
        setChosen([]);
        setPhase({ kind: "thanks" });
      } else {
        const body = (await response.json().catch(() => ({}))) as { message?: string };
        setError(body.message ?? "提交没有成功，请再点一次");
      }
    } catch {
      setError("网络连接中断，请再点一次");
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="flex min-h-screen flex-col bg-slate-50 text-slate-950 select-none">
      <SessionKeeper />
      <header className="flex items-center justify-between bg-brand-700 px-8 py-4 text-white">
        <p className="text-3xl font-black" data-testid="pad-window">
          {pad.window.name}
        </p>
        <p className="text-2xl" data-testid="pad-clerk">
          {pad.clerk ? `工作人员：${pad.clerk.name}` : "窗口暂停服务"}
        </p>
      </header>
      <div className="flex flex-1 flex-col items-center justify-center gap-8 p-8">
        {phase.kind === "idle" && (
          <div className="text-center" data-testid="pad-idle">
            <p className="text-5xl font-black">欢迎办事</p>
            <p className="mt-4 text-3xl text-slate-700">办理结束后，请在这里为我们的服务评价</p>
          </div>
        )}
        {phase.kind === "rate" && pad.pending && (
          <>
            <p className="text-4xl font-black" data-testid="pad-question">
              {pad.pending.ticketNumber} 号，请您为本次服务评价
            </p>
            <div className="grid w-full max-w-6xl grid-cols-5 gap-4">
              {props.levels.map(({ level, label }) => (
                <button
                  key={level}
                  type="button"
                  disabled={busy}
                  onClick={() => (level <= 2 ? setPhase({ kind: "reason", level }) : void submit(level, []))}
                  className={`flex min-h-56 flex-col items-center justify-center gap-3 rounded-3xl text-3xl font-black shadow ${FACE[level].tone}`}
                >
                  <Face level={level} />
                  {label}
                </button>
              ))}
            </div>
          </>
        )}
        {phase.kind === "reason" && (
          <div className="w-full max-w-4xl space-y-6 text-center">
            <p className="text-4xl font-black">很抱歉！请告诉我们哪里做得不好（可多选）</p>
            <div className="grid grid-cols-3 gap-4">
              {props.reasons.map((r) => {
                const isOn = chosen.includes(r);
                return (
                  <button
                    key={r}
                    type="button"
                    aria-pressed={isOn}
                    onClick={() => setChosen((list) => (isOn ? list.filter((x) => x !== r) : [...list, r]))}
                    className={`min-h-24 rounded-2xl border-4 text-3xl font-bold ${isOn ? "border-amber-600 bg-amber-200" : "border-slate-300 bg-white"}`}
                  >
                    {r}
                  </button>
                );
              })}
            </div>
            <div className="flex justify-center gap-4">
              <button
                type="button"
                onClick={() => setPhase({ kind: "rate" })}
                className="min-h-20 rounded-2xl border-2 border-slate-400 bg-white px-10 text-2xl font-bold"
              >
                返回
              </button>
              <button
                type="button"
                disabled={busy || chosen.length === 0}
                onClick={() => void submit(phase.level, chosen)}
                className="min-h-20 rounded-2xl bg-brand-600 px-16 text-3xl font-black text-white disabled:opacity-40"
              >
                提交评价
              </button>
            </div>
            {chosen.length === 0 && <p className="text-2xl text-slate-700">请至少选择一项原因</p>}
          </div>
        )}
        {phase.kind === "thanks" && (
          <div className="text-center" data-testid="pad-thanks">
            <p className="text-6xl font-black">谢谢您的评价！</p>
            <p className="mt-4 text-3xl text-slate-700">我们会认真改进工作</p>
          </div>
        )}
        {error && (
          <p role="alert" className="rounded-xl bg-red-50 p-4 text-2xl font-bold text-red-800">
            {error}
          </p>
        )}
      </div>
    </main>
  );
}
