"use client";

import { useCallback, useEffect, useRef } from "react";
import { useQueueStream } from "@/components/use-queue-stream";
import type { CallEvent, QueueState } from "@/lib/queue/types";

/** The sentence the TV says for a call — 请 A012 号到 3 号窗口办理 — once, again on a recall. */
export function callSentence(call: { ticket: string; window: number }) {
  return `请 ${call.ticket} 号到 ${call.window} 号窗口办理`;
}

/**
 * One announcement at a time with the browser's own speech synthesis (zh-CN): nothing from the
 * internet. Each sentence is said twice, as halls do; a new call waits for the previous one.
 */
function useAnnouncer() {
  const queue = useRef<string[]>([]);
  const speaking = useRef(false);
  const next = useCallback(() => {
    const synth = typeof window !== "undefined" ? window.speechSynthesis : undefined;
    const text = queue.current.shift();
    if (!synth || !text) {
      speaking.current = false;
      return;
    }
    speaking.current = true;
    const utterance = new SpeechSynthesisUtterance(`${text}，${text}`);
    utterance.lang = "zh-CN";
    utterance.rate = 0.9;
    const voice = synth.getVoices().find((v) => v.lang.toLowerCase().startsWith("zh"));
    if (voice) utterance.voice = voice;
    utterance.onend = () => next();
    utterance.onerror = () => next();
    synth.speak(utterance);
  }, []);
  return useCallback(
    (text: string) => {
      queue.current.push(text);
      if (!speaking.current) next();
    },
    [next],
  );
}

export function DisplayBoard({ initial, hallName }: { initial: QueueState; hallName: string }) {
  const announce = useAnnouncer();
  const flash = useRef<HTMLDivElement>(null);
  const onCall = useCallback(
    (call: CallEvent) => {
      announce(callSentence(call));
      flash.current?.animate([{ backgroundColor: "#f59e0b" }, { backgroundColor: "transparent" }], { duration: 1500 });
    },
    [announce],
  );
  const { state, isConnected } = useQueueStream(initial, onCall);
  const latest = state.recent[0];

  useEffect(() => {
    // Some browsers load voices late; asking once makes them ready for the first call.
    window.speechSynthesis?.getVoices();
  }, []);

  return (
    <main className="flex h-screen flex-col overflow-hidden bg-slate-950 p-6 text-white">
      <header className="flex items-center justify-between">
        <h1 className="text-4xl font-bold">{hallName}</h1>
        <p className={`text-xl ${isConnected ? "text-green-400" : "text-amber-400"}`} data-testid="display-connection">
          {isConnected ? "● 实时" : "● 正在重新连接…"}
        </p>
      </header>
      <div ref={flash} className="mt-4 rounded-3xl bg-brand-700 p-6 text-center" data-testid="display-latest">
        {latest ? (
          <>
            <p className="text-[9rem] leading-none font-black tracking-wider">{latest.ticket}</p>
            <p className="mt-2 text-6xl font-bold">请到 {latest.window} 号窗口</p>
          </>
        ) : (
          <p className="py-10 text-6xl text-slate-200">请留意叫号，耐心等候</p>
        )}
      </div>
      <section className="mt-6 grid flex-1 grid-cols-2 gap-6">
        <div>
          <h2 className="text-3xl font-bold text-slate-300">各窗口正在办理</h2>
          <ul className="mt-3 space-y-3" data-testid="display-calls">
            {state.calling.map((c) => (
              <li
                key={c.window}
                className="flex items-center justify-between rounded-2xl bg-slate-800 px-6 py-4 text-5xl font-bold"
              >
                <span>{c.window} 号窗口</span>
                <span className="text-amber-300">{c.ticket}</span>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h2 className="text-3xl font-bold text-slate-300">等候人数</h2>
          <ul className="mt-3 space-y-3" data-testid="display-waiting">
            {state.waiting.map((w) => (
              <li
                key={w.queue}
                className="flex items-center justify-between rounded-2xl bg-slate-800 px-6 py-4 text-4xl"
              >
                <span>
                  {w.queue} {w.name}
                </span>
                <span>
                  <strong className="text-5xl">{w.count}</strong> 人
                  {w.count > 0 ? ` · 约 ${w.estimatedMinutes} 分钟` : ""}
                </span>
              </li>
            ))}
          </ul>
          <h2 className="mt-6 text-2xl font-bold text-slate-400">最近叫号</h2>
          <p className="mt-2 text-3xl text-slate-300">
            {state.recent
              .slice(1, 6)
              .map((r) => `${r.ticket}→${r.window}号`)
              .join("　")}
          </p>
        </div>
      </section>
      <footer className="mt-4 overflow-hidden rounded-xl bg-slate-800 py-3 text-3xl whitespace-nowrap">
        <p className="animate-[marquee_30s_linear_infinite] pl-[100%]">{state.notice}</p>
      </footer>
    </main>
  );
}
