import type { Metadata } from "next";
import { DataTable } from "@/components/data-table";
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
  verification_code: "验证码",
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
        <p className="text-sm text-slate-600">
          预约、改约、取消、候补、前一天提醒和预约验证码的短信，按时间倒序。手机号已脱敏。
        </p>
        <DataTable
          caption="短信记录"
          isCaptionHidden
          testId="outbox"
          className="rounded-xl bg-white shadow-sm"
          rows={messages}
          rowKey={(m) => m.id}
          empty="还没有短信"
          columns={[
            {
              header: "时间",
              cell: (m) => dateTimeLabel(m.createdAt, { seconds: true }),
              className: "whitespace-nowrap",
            },
            { header: "类型", cell: (m) => KIND[m.kind] ?? m.kind, className: "whitespace-nowrap" },
            { header: "手机号", cell: (m) => m.phone, className: "whitespace-nowrap font-mono" },
            { header: "内容", cell: (m) => m.body },
            {
              header: "状态",
              cell: (m) => `${STATUS[m.status]}${m.attempts > 1 ? `（${m.attempts} 次）` : ""}`,
              className: "whitespace-nowrap",
            },
          ]}
        />
      </main>
    </>
  );
}
