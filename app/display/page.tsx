import type { Metadata } from "next";
import { requirePageRole } from "@/lib/auth/session";
import { getCurrentHall } from "@/lib/hall";
import { getQueueBoard } from "@/lib/queue/board";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "叫号屏" };

export default async function DisplayPage() {
  const actor = await requirePageRole(["display"], "/display");
  const [hall, board] = await Promise.all([getCurrentHall(), getQueueBoard({ hallId: actor.hallId })]);
  return (
    <main className="flex min-h-screen flex-col bg-slate-950 p-8 text-white">
      <h1 className="text-center text-4xl font-bold">{hall.name}</h1>
      <section className="mt-8 flex-1" aria-live="polite" data-testid="display-calls">
        {board.calling.length === 0 ? (
          <p className="text-center text-5xl text-slate-300">请留意叫号，耐心等候</p>
        ) : (
          <ul className="grid gap-6 md:grid-cols-2">
            {board.calling.map((c) => (
              <li key={c.window} className="rounded-3xl bg-brand-700 p-8 text-center">
                <span className="text-8xl font-black">{c.ticket}</span>
                <span className="mt-4 block text-5xl">请到 {c.window} 号窗口</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <footer className="mt-8 grid grid-cols-3 gap-4 text-3xl">
        {board.queues.map((q) => (
          <p key={q.prefix} className="rounded-2xl bg-slate-800 p-4 text-center">
            {q.prefix} {q.name} 等候 {q.waiting} 人
          </p>
        ))}
      </footer>
    </main>
  );
}
