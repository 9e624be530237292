import type { Metadata } from "next";
import { SignOutButton } from "@/components/sign-out-button";
import { requirePageRole } from "@/lib/auth/session";
import { getCurrentHall } from "@/lib/hall";
import { getQueueBoard } from "@/lib/queue/board";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "自助取号" };

export default async function KioskPage() {
  const actor = await requirePageRole(["kiosk"], "/kiosk");
  const [hall, board] = await Promise.all([getCurrentHall(), getQueueBoard({ hallId: actor.hallId })]);
  return (
    <main className="flex min-h-screen flex-col bg-brand-800 p-8 text-white">
      <header className="flex items-center justify-between">
        <h1 className="text-4xl font-bold">{hall.name} · 自助取号</h1>
        <SignOutButton />
      </header>
      <ul className="mt-10 grid flex-1 gap-6 md:grid-cols-3" data-testid="kiosk-queues">
        {board.queues.map((q) => (
          <li key={q.prefix} className="flex flex-col items-center justify-center rounded-3xl bg-white p-8 text-brand-800">
            <span className="text-7xl font-black">{q.prefix}</span>
            <span className="mt-2 text-4xl font-bold">{q.name}</span>
            <span className="mt-4 text-2xl">当前等候 {q.waiting} 人</span>
          </li>
        ))}
      </ul>
    </main>
  );
}
