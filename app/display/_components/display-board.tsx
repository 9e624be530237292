"use client";

import { useCallback, useRef } from "react";
import { useQueueStream } from "@/components/use-queue-stream";
import type { CallEvent, QueueState } from "@/lib/queue/types";
import { DisplayClock } from "./display-clock";
import { useAnnouncer, type SpeechStatus } from "./use-announcer";

/** The sentence the TV says for a call — 请 A012 号到 3 号窗口办理 — once, again on a recall. */
export function callSentence(call: { ticket: string; window: number }) {
  return `请 ${call.ticket} 号到 ${call.window} 号窗口办理`;
}

const SPEECH_LABEL: Record<SpeechStatus, { text: string; className: string }> = {
  checking: { text: "语音检测中…", className: "text-slate-300" },
  on: { text: "● 语音播报已开启", className: "text-green-400" },
  blocked: { text: "✕ 语音播报已关闭", className: "bg-red-700 px-[0.4em] text-white" },
  "no-voice": { text: "✕ 本机没有中文语音，不能播报", className: "bg-red-700 px-[0.4em] text-white" },
  unsupported: { text: "✕ 本机不支持语音播报", className: "bg-red-700 px-[0.4em] text-white" },
};

/**
 * Sizes follow the screen's height (vh), so that the same board fills a 1366×768 and a
 * 1920×1080 TV without cutting anything off; the windows' rows shrink when a hall has many.
 */
export function DisplayBoard({
  initial,
  hallName,
  windows,
}: {
  initial: QueueState;
  hallName: string;
  windows: { number: number; name: string }[];
}) {
  const { announce, enable, status } = useAnnouncer();
  const flash = useRef<HTMLDivElement>(null);
  const onCall = useCallback(
    (call: CallEvent) => {
      announce(callSentence(call));
      flash.current?.animate([{ backgroundColor: "#f59e0b" }, { backgroundColor: "#094a8c" }], { duration: 1500 });
    },
    [announce],
  );
  const { state, isConnected } = useQueueStream(initial, onCall);
  const latest = state.recent[0];

  // Every window, idle ones too, and a calling window that opened after the page loaded.
  const callingByWindow = new Map(state.calling.map((c) => [c.window, c]));
  const numbers = [...new Set([...windows.map((w) => w.number), ...state.calling.map((c) => c.window)])].sort(
    (a, b) => a - b,
  );
  const columns = numbers.length <= 4 ? 1 : numbers.length <= 12 ? 2 : 3;
  const rows = Math.max(1, Math.ceil(numbers.length / columns));
  // About 52vh of rows; text is 55 % of a row, never above 6vh (≥ 46 px at 768, 65 px at 1080).
  const windowFont = `min(6vh, ${(52 / rows) * 0.55}vh)`;
  const speech = SPEECH_LABEL[status];

  return (
    <main className="flex h-screen flex-col overflow-hidden bg-slate-950 px-[2vw] py-[2vh] text-white">
      <header className="flex shrink-0 items-center justify-between gap-[2vw]">
        <h1 className="truncate text-[5vh] leading-tight font-bold">{hallName}</h1>
        <div className="flex shrink-0 items-center gap-[2vw] text-[3vh]">
          <p className={`rounded font-bold ${speech.className}`} data-testid="display-speech" data-status={status}>
            {speech.text}
          </p>
          <p className={isConnected ? "text-green-400" : "text-amber-400"} data-testid="display-connection">
            {isConnected ? "● 实时" : "● 正在重新连接…"}
          </p>
          <DisplayClock className="text-[5vh] leading-tight font-bold" />
        </div>
      </header>

      <div className="mt-[2vh] grid min-h-0 flex-1 grid-cols-[9fr_11fr] gap-[2vw]">
        <section className="flex min-h-0 flex-col">
          <div
            ref={flash}
            className="flex shrink-0 flex-col items-center justify-center rounded-[2vh] bg-brand-700 py-[2vh] text-center"
            data-testid="display-latest"
          >
            {latest ? (
              <>
                <p className="text-[17vh] leading-none font-black tracking-wider">{latest.ticket}</p>
                <p className="mt-[1vh] text-[7vh] leading-tight font-bold">请到 {latest.window} 号窗口</p>
              </>
            ) : (
              <p className="py-[6vh] text-[6vh] text-slate-100">请留意叫号，耐心等候</p>
            )}
          </div>
          <h2 className="mt-[2vh] shrink-0 text-[3.5vh] font-bold text-slate-300">最近叫号</h2>
          <ol className="mt-[1vh] min-h-0 flex-1 space-y-[1vh] overflow-hidden" data-testid="display-recent">
            {state.recent.slice(1, 5).map((r) => (
              <li
                key={`${r.ticket}-${r.calledAt}`}
                className="flex items-center justify-between rounded-[1.5vh] bg-slate-800 px-[1.5vw] text-[5vh] leading-[1.5] font-bold"
              >
                <span className="text-amber-300">{r.ticket}</span>
                <span>{r.window} 号窗口</span>
              </li>
            ))}
          </ol>
        </section>

        <section className="flex min-h-0 flex-col">
          <h2 className="shrink-0 text-[3.5vh] font-bold text-slate-300">各窗口</h2>
          <ul
            className="mt-[1vh] grid min-h-0 flex-1 gap-[1vh]"
            style={{
              gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
              gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))`,
              fontSize: windowFont,
            }}
            data-testid="display-calls"
          >
            {numbers.map((n) => {
              const call = callingByWindow.get(n);
              return (
                <li
                  key={n}
                  data-window={n}
                  data-idle={call ? undefined : "true"}
                  className={`flex min-h-0 items-center justify-between rounded-[1.5vh] px-[1.2vw] leading-none font-bold ${call ? "bg-slate-700" : "bg-slate-900 ring-1 ring-slate-700"}`}
                >
                  <span>{n} 号窗口</span>
                  {call ? (
                    <span className="text-amber-300">{call.ticket}</span>
                  ) : (
                    <span className="text-[0.75em] text-slate-300">空闲</span>
                  )}
                </li>
              );
            })}
          </ul>
          <h2 className="mt-[2vh] shrink-0 text-[3vh] font-bold text-slate-300">等候人数</h2>
          <ul
            className="mt-[1vh] flex max-h-[18vh] shrink-0 flex-wrap gap-[1vh] overflow-hidden"
            data-testid="display-waiting"
          >
            {state.waiting.map((w) => (
              <li key={w.queue} className="rounded-[1.2vh] bg-slate-800 px-[1vw] py-[0.5vh] text-[3.5vh]">
                {w.queue} {w.name} <strong className="text-[4.5vh] text-amber-300">{w.count}</strong> 人
                {w.count > 0 ? ` · 约 ${w.estimatedMinutes} 分钟` : ""}
              </li>
            ))}
          </ul>
        </section>
      </div>

      <footer
        className="notice mt-[2vh] shrink-0 overflow-hidden rounded-[1.5vh] bg-slate-800 py-[1.2vh] text-[4vh] leading-snug"
        data-testid="display-notice"
      >
        {/* The track is the screen's width of blank plus the whole text, and scrolls its own width:
            every character crosses the screen, however long the notice and however narrow the TV. */}
        <p
          className="notice-track"
          style={{ animationDuration: `${Math.max(15, Math.round(state.notice.length / 3 + 10))}s` }}
        >
          {state.notice}
        </p>
      </footer>

      {status === "blocked" && (
        <button
          type="button"
          onClick={enable}
          className="fixed inset-0 z-50 flex items-center justify-center bg-slate-950/60"
          data-testid="display-enable-speech"
        >
          <span className="rounded-[3vh] border-[0.8vh] border-amber-300 bg-red-800 px-[5vw] py-[5vh] text-center text-white shadow-2xl">
            <span className="block text-[7vh] leading-tight font-black">点一下屏幕，开启语音叫号</span>
            <span className="mt-[2vh] block text-[3.5vh]">
              浏览器暂时不让本屏发声，叫号不会播报。工作人员点一下即可。
            </span>
          </span>
        </button>
      )}
    </main>
  );
}
