import type { Metadata } from "next";
import { DataTable } from "@/components/data-table";
import { StaffHeader } from "@/components/staff-header";
import Link from "next/link";
import { getAdminOverview } from "@/lib/admin";
import { auditActionLabel, auditObjectLabel, auditResultLabel } from "@/lib/audit/labels";
import { requirePageRole, ROLE_LABEL } from "@/lib/auth/session";
import { dateTimeLabel } from "@/lib/format";
import { AdminNav } from "./_components/admin-nav";
import { RevokeButton } from "./_components/revoke-button";
import { AccountStatus } from "./_components/account-status";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "系统管理" };

export default async function AdminPage() {
  const actor = await requirePageRole(["admin"], "/admin");
  const overview = await getAdminOverview({ actor });
  return (
    <>
      <StaffHeader actor={actor} title="系统管理" />
      <main className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <AdminNav current="/admin" />
        <section className="grid gap-4 sm:grid-cols-3">
          <div className="rounded-xl bg-white p-4 shadow-sm">
            <p className="text-sm text-slate-600">在办事项</p>
            <p className="text-3xl font-bold" data-testid="item-count">
              {overview.itemCount}
            </p>
          </div>
          <div className="rounded-xl bg-white p-4 shadow-sm">
            <p className="text-sm text-slate-600">窗口</p>
            <p className="text-3xl font-bold">{overview.windows.length}</p>
          </div>
          <div className="rounded-xl bg-white p-4 shadow-sm">
            <p className="text-sm text-slate-600">工作人员与设备账号</p>
            <p className="text-3xl font-bold">{overview.staff.length}</p>
          </div>
        </section>

        <DataTable
          caption="账号"
          className="rounded-xl bg-white p-4 shadow-sm"
          rows={overview.staff}
          rowKey={(s) => s.username}
          empty="还没有账号"
          columns={[
            { header: "用户名", cell: (s) => s.username, className: "font-mono" },
            { header: "姓名", cell: (s) => s.name },
            { header: "角色", cell: (s) => ROLE_LABEL[s.role] },
            {
              header: "窗口 / 科室",
              cell: (s) => (s.windowNumber ? `${s.windowNumber}号窗口` : (s.department ?? "—")),
            },
            { header: "状态", cell: (s) => <AccountStatus account={s} /> },
            { header: "最近登录", cell: (s) => (s.lastLoginAt ? dateTimeLabel(s.lastLoginAt) : "—") },
            { header: "会话", cell: (s) => <RevokeButton staffId={s.id} username={s.username} /> },
          ]}
        />

        <section className="grid gap-4 md:grid-cols-2">
          <div className="rounded-xl bg-white p-4 shadow-sm">
            <h2 className="text-lg font-bold">窗口</h2>
            <ul className="mt-2 space-y-1 text-sm">
              {overview.windows.map((w) => (
                <li key={w.number}>
                  {w.name}：叫 {w.queues.join("、")} 号
                </li>
              ))}
            </ul>
          </div>
          <div className="rounded-xl bg-white p-4 shadow-sm">
            <h2 className="text-lg font-bold">排队队列</h2>
            <ul className="mt-2 space-y-1 text-sm">
              {overview.queues.map((q) => (
                <li key={q.prefix}>
                  {q.prefix} {q.name}：{q.items} 个事项，每日上限 {q.dailyCap} 号
                </li>
              ))}
            </ul>
          </div>
        </section>

        <p>
          <Link href="/admin/audit" className="underline">
            查看全部审计日志（筛选、导出）
          </Link>
        </p>
        <DataTable
          caption="审计日志（最近 20 条）"
          className="rounded-xl bg-white p-4 shadow-sm"
          rows={overview.audit}
          rowKey={(_, i) => i}
          empty="还没有审计记录"
          columns={[
            { header: "时间", cell: (a) => dateTimeLabel(a.at), className: "whitespace-nowrap" },
            { header: "操作人", cell: (a) => a.actorDisplayName ?? a.actorName },
            { header: "操作", cell: (a) => auditActionLabel(a.action) },
            {
              header: "对象",
              cell: (a) => `${auditObjectLabel(a.objectType)}${a.objectName ? ` ${a.objectName}` : ""}`,
            },
            { header: "结果", cell: (a) => auditResultLabel(a.result) },
          ]}
        />
      </main>
    </>
  );
}
