import type { Metadata } from "next";
import { DataTable } from "@/components/data-table";
import { StaffHeader } from "@/components/staff-header";
import { getAdminOverview } from "@/lib/admin";
import { requirePageRole, ROLE_LABEL } from "@/lib/auth/session";
import { dateTimeLabel } from "@/lib/format";
import { AdminNav } from "./_components/admin-nav";
import { RevokeButton } from "./_components/revoke-button";
import { UnlockButton } from "./_components/unlock-button";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "系统管理" };

const RESULT_LABEL: Record<string, string> = { ok: "成功", denied: "拒绝" };

type Account = Awaited<ReturnType<typeof getAdminOverview>>["staff"][number];

function accountStatus(account: Account) {
  if (!account.isActive) return "已停用";
  const failures = account.failedLogins ?? 0;
  if (account.blockedUntil && account.blockedUntil > new Date())
    return (
      <span className="flex flex-wrap items-center gap-2">
        <span className="text-red-700">
          密码错 {failures} 次，{dateTimeLabel(account.blockedUntil)} 前不能登录
        </span>
        <UnlockButton staffId={account.id} username={account.username} />
      </span>
    );
  if (failures > 0)
    return (
      <span className="flex flex-wrap items-center gap-2">
        <span>正常（密码错 {failures} 次）</span>
        <UnlockButton staffId={account.id} username={account.username} />
      </span>
    );
  return "正常";
}

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
            { header: "状态", cell: accountStatus },
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

        <DataTable
          caption="审计日志（最近 20 条）"
          className="rounded-xl bg-white p-4 shadow-sm"
          rows={overview.audit}
          rowKey={(_, i) => i}
          empty="还没有审计记录"
          columns={[
            { header: "时间", cell: (a) => dateTimeLabel(a.at), className: "whitespace-nowrap" },
            { header: "操作人", cell: (a) => a.actorName },
            { header: "操作", cell: (a) => a.action },
            { header: "对象", cell: (a) => `${a.objectType}${a.objectId ? ` #${a.objectId}` : ""}` },
            { header: "结果", cell: (a) => RESULT_LABEL[a.result] ?? "失败" },
          ]}
        />
      </main>
    </>
  );
}
