"use client";

import { useEffect, useState } from "react";
import { useQueueStream } from "@/components/use-queue-stream";
import { placeInQueue, type QueueState } from "@/lib/queue/types";

interface Progress {
  number: string;
  status: string;
  window: number | null;
  ahead: number;
  estimatedMinutes: number;
}

const STATUS: Record<string, string> = {
  called: "正在叫您的号",
  serving: "正在办理",
  done: "已办结",
  no_show: "已过号，请找工作人员",
  parked: "暂挂中，请找工作人员",
  waiting: "等候中",
};

export function LiveQueue({
  initial,
  ticket,
  initialProgress,
}: {
  initial: QueueState;
  ticket?: string;
  initialProgress?: Progress | null;
}) {
  const { state, isConnected } = useQueueStream(initial);
  // While the ticket waits or is being called, its place and estimate are read off each snapshot
  // (no request per change, however many phones watch). Only when it leaves the snapshot (done,
  // no-show, parked) does the page ask once what became of it.
  const fromSnapshot = ticket ? placeInQueue(state, ticket) : null;
  const [settled, setSettled] = useState<Progress | null>(
    initialProgress && !placeInQueue(initial, initialProgress.number) ? initialProgress : null,
  );
  const isGone = Boolean(ticket) && !fromSnapshot;
  useEffect(() => {
    if (!ticket || !isGone) return;
    void fetch(`/api/v1/queue?ticket=${encodeURIComponent(ticket)}`, { cache: "no-store" })
      .then((r) => (r.ok ? r.json() : null))
      .then((body: { ticket?: Progress } | null) => body?.ticket && setSettled(body.ticket));
  }, [ticket, isGone]);
  const progress: Progress | null = fromSnapshot ?? (isGone ? settled : null);

  return (
    <div className="space-y-4">
      {progress && (
        <section
          className={`rounded-2xl p-5 text-center shadow-sm ${progress.status === "called" ? "bg-amber-100" : "bg-white"}`}
          data-testid="my-ticket"
        >
          <p className="text-base text-slate-700">我的号</p>
          <p className="text-6xl font-black">{progress.number}</p>
          <p className="mt-2 text-2xl font-bold">
            {progress.status === "called"
              ? `请到 ${progress.window} 号窗口`
              : (STATUS[progress.status] ?? progress.status)}
          </p>
          {progress.status === "waiting" && (
            <p className="mt-1 text-xl">
              前面还有 <strong data-testid="my-ahead">{progress.ahead}</strong> 人，预计约 {progress.estimatedMinutes}{" "}
              分钟
            </p>
          )}
        </section>
      )}
      <section className="rounded-2xl bg-white p-4 shadow-sm">
        <h2 className="text-xl font-bold">正在叫号</h2>
        {state.calling.length === 0 ? (
          <p className="mt-1 text-slate-600">暂无</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-100">
            {state.calling.map((c) => (
              <li key={c.window} className="flex justify-between py-2 text-xl">
                <span>{c.window} 号窗口</span>
                <strong>{c.ticket}</strong>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="rounded-2xl bg-white p-4 shadow-sm">
        <h2 className="text-xl font-bold">等候人数</h2>
        <ul className="mt-2 divide-y divide-slate-100">
          {state.waiting.map((w) => (
            <li key={w.queue} className="flex justify-between py-2">
              <span>
                {w.queue} {w.name}
              </span>
              <span>
                {w.count} 人{w.count > 0 ? ` · 约 ${w.estimatedMinutes} 分钟` : ""}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <p className="text-base text-slate-600">{isConnected ? "自动更新中" : "正在连接…"}</p>
    </div>
  );
}
