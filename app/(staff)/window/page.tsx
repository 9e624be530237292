import type { Metadata } from "next";
import { StaffHeader } from "@/components/staff-header";
import { requirePageRole } from "@/lib/auth/session";
import { listServices } from "@/lib/catalogue";
import { getMyWindow, getQueueState, getWindowDesk, listWindows } from "@/lib/queue";
import { WindowDesk } from "./_components/window-desk";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "窗口工作台" };

export default async function WindowPage() {
  const actor = await requirePageRole(["clerk"], "/window");
  const [myWindow, desk, state, windows, services] = await Promise.all([
    getMyWindow({ actor }),
    getWindowDesk({ actor }),
    getQueueState({ hallId: actor.hallId }),
    listWindows({ hallId: actor.hallId }),
    listServices({ hallId: actor.hallId }),
  ]);
  return (
    <>
      <StaffHeader actor={actor} title="窗口工作台" />
      <main className="mx-auto max-w-6xl space-y-4 px-4 py-6">
        <h2 className="text-2xl font-bold" data-testid="my-window">
          {myWindow.name}
        </h2>
        <p className="text-slate-700">
          <a href="/village" className="float-right font-semibold text-brand-700 underline">
            周二下村服务日（离线）
          </a>
          本窗口叫号队列：{myWindow.queues.map((q) => `${q.prefix} ${q.name}`).join("、")}
        </p>
        <WindowDesk
          windowId={actor.windowId!}
          windowNumber={myWindow.number}
          initialDesk={desk}
          initialState={state}
          windows={windows}
          queues={state.waiting.map((w) => ({ prefix: w.queue, name: w.name }))}
          items={services.map((s) => ({
            code: s.code,
            name: s.name,
            kind: s.kind,
            promisedDays: s.promisedDays,
            department: s.department.shortName,
          }))}
        />
      </main>
    </>
  );
}
