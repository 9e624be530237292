import type { Metadata } from "next";
import { StaffHeader } from "@/components/staff-header";
import { requirePageRole } from "@/lib/auth/session";
import { listOutbox } from "@/lib/notify";
import { dateTimeLabel } from "@/lib/format";
import { AdminNav } from "../_components/admin-nav";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "短信记录" };

const KIND: Record<string, string> = {
  confirmation: "预约成功",
  reminder: "前一天提醒",
  cancellation: "取消",
  rescheduled: "改约",
  waitlist_joined: "候补登记",
  waitlist_seat: "候补成功",
};
const STATUS: Record<string, string> = { pending: "待发送", sent: "已发送", failed: "发送失败" };

export default async function OutboxPage() {
  const actor = await requirePageRole(["admin"], "/admin/outbox");
  const messages = await listOutbox({ hallId: actor.hallId, limit: 200 });
  return (
    <>
      <StaffHeader actor={actor} title="短信记录" />
      <main className="mx-auto max-w-6xl space-y-4 px-4 py-6">
        <AdminNav current="/admin/outbox" />
        <p className="text-sm text-slate-600">预约、改约、取消、候补和前一天提醒的短信，按时间倒序。手机号已脱敏。</p>
        <table className="w-full rounded-xl bg-white text-left text-sm shadow-sm" data-testid="outbox">
          <thead className="text-slate-600">
            <tr>
              <th className="p-2">时间</th>
              <th>类型</th>
              <th>手机号</th>
              <th>内容</th>
              <th>状态</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.id} className="border-t border-slate-100 align-top">
                <td className="p-2 whitespace-nowrap">{dateTimeLabel(m.createdAt, { seconds: true })}</td>
                <td className="whitespace-nowrap">{KIND[m.kind] ?? m.kind}</td>
                <td className="whitespace-nowrap font-mono">{m.phone}</td>
                <td>{m.body}</td>
                <td className="whitespace-nowrap">
                  {STATUS[m.status]}
                  {m.attempts > 1 ? `（${m.attempts} 次）` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </main>
    </>
  );
}
