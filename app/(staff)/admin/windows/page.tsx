import type { Metadata } from "next";
import { StaffHeader } from "@/components/staff-header";
import { getWindowSettings } from "@/lib/admin/get-window-settings";
import { requirePageRole } from "@/lib/auth/session";
import { AdminNav } from "../_components/admin-nav";
import { NewQueueForm } from "./_components/new-queue-form";
import { NewWindowForm } from "./_components/new-window-form";
import { NoticeForm } from "./_components/notice-form";
import { QueueForm } from "./_components/queue-form";
import { WindowForm } from "./_components/window-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "窗口与队列" };

export default async function WindowsPage() {
  const actor = await requirePageRole(["admin"], "/admin/windows");
  const settings = await getWindowSettings({ actor });
  return (
    <>
      <StaffHeader actor={actor} title="窗口与队列" />
      <main className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <AdminNav current="/admin/windows" />
        <p className="text-slate-700">保存后，取号机和叫号屏立即更新，无需刷新。</p>
        <section aria-labelledby="notice-title" className="space-y-2">
          <h2 id="notice-title" className="text-xl font-bold">
            叫号屏
          </h2>
          <NoticeForm notice={settings.notice} defaultNotice={settings.defaultNotice} />
        </section>
        <section aria-labelledby="windows-title" className="space-y-2">
          <h2 id="windows-title" className="text-xl font-bold">
            窗口
          </h2>
          {settings.windows.map((w) => (
            <WindowForm key={w.id} window={w} queues={settings.queues} />
          ))}
          <NewWindowForm queues={settings.queues} />
        </section>
        <section aria-labelledby="queues-title" className="space-y-2">
          <h2 id="queues-title" className="text-xl font-bold">
            队列
          </h2>
          {settings.queues.map((q) => (
            <QueueForm key={q.id} queue={q} />
          ))}
          <NewQueueForm />
        </section>
      </main>
    </>
  );
}
