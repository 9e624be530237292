import type { Metadata } from "next";
import { StaffHeader } from "@/components/staff-header";
import { requirePageRole } from "@/lib/auth/session";
import { getMyWindow, getQueueBoard } from "@/lib/queue/board";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "窗口工作台" };

export default async function WindowPage() {
  const actor = await requirePageRole(["clerk"], "/window");
  const [myWindow, board] = await Promise.all([getMyWindow({ actor }), getQueueBoard({ hallId: actor.hallId })]);
  const served = new Set(myWindow.queues.map((q) => q.prefix));
  const mine = board.calling.find((c) => c.window === myWindow.number);
  return (
    <>
      <StaffHeader actor={actor} title="窗口工作台" />
      <main className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <section className="rounded-xl bg-white p-5 shadow-sm">
          <h2 className="text-2xl font-bold" data-testid="my-window">{myWindow.name}</h2>
          <p className="mt-1 text-slate-700">本窗口叫号队列：{myWindow.queues.map((q) => `${q.prefix} ${q.name}`).join("、")}</p>
          <p className="mt-3 text-lg">当前呼叫：<strong>{mine ? mine.ticket : "暂无"}</strong></p>
        </section>
        <section className="rounded-xl bg-white p-5 shadow-sm">
          <h2 className="text-lg font-bold">今日等候</h2>
          <ul className="mt-2 grid gap-3 sm:grid-cols-3">
            {board.queues.map((q) => (
              <li key={q.prefix} className={`rounded-lg border p-3 ${served.has(q.prefix) ? "border-brand-600" : "border-slate-200 opacity-70"}`}>
                <p className="font-bold">{q.prefix} {q.name}</p>
                <p className="text-3xl font-bold">{q.waiting} <span className="text-base font-normal">人等候</span></p>
              </li>
            ))}
          </ul>
        </section>
      </main>
    </>
  );
}
