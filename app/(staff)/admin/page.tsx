import type { Metadata } from "next";
import { StaffHeader } from "@/components/staff-header";
import { getAdminOverview } from "@/lib/admin";
import { requirePageRole, ROLE_LABEL } from "@/lib/auth/session";
import { dateTimeLabel } from "@/lib/format";
import { AdminNav } from "./_components/admin-nav";

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

        <section className="rounded-xl bg-white p-4 shadow-sm">
          <h2 className="text-lg font-bold">账号</h2>
          <table className="mt-2 w-full text-left text-sm">
            <thead className="text-slate-600">
              <tr>
                <th className="py-1">用户名</th>
                <th>姓名</th>
                <th>角色</th>
                <th>窗口 / 科室</th>
                <th>状态</th>
                <th>最近登录</th>
              </tr>
            </thead>
            <tbody>
              {overview.staff.map((s) => (
                <tr key={s.username} className="border-t border-slate-100">
                  <td className="py-1 font-mono">{s.username}</td>
                  <td>{s.name}</td>
                  <td>{ROLE_LABEL[s.role]}</td>
                  <td>{s.windowNumber ? `${s.windowNumber}号窗口` : (s.department ?? "—")}</td>
                  <td>
                    {!s.isActive
                      ? "已停用"
                      : s.lockedUntil && s.lockedUntil > new Date()
                        ? `锁定至 ${dateTimeLabel(s.lockedUntil)}`
                        : "正常"}
                  </td>
                  <td>{s.lastLoginAt ? dateTimeLabel(s.lastLoginAt) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

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

        <section className="rounded-xl bg-white p-4 shadow-sm">
          <h2 className="text-lg font-bold">审计日志（最近 20 条）</h2>
          <table className="mt-2 w-full text-left text-sm">
            <thead className="text-slate-600">
              <tr>
                <th className="py-1">时间</th>
                <th>操作人</th>
                <th>操作</th>
                <th>对象</th>
                <th>结果</th>
              </tr>
            </thead>
            <tbody>
              {overview.audit.map((a, i) => (
                <tr key={i} className="border-t border-slate-100">
                  <td className="py-1">{dateTimeLabel(a.at)}</td>
                  <td>{a.actorName}</td>
                  <td>{a.action}</td>
                  <td>
                    {a.objectType}
                    {a.objectId ? ` #${a.objectId}` : ""}
                  </td>
                  <td>{a.result === "ok" ? "成功" : a.result === "denied" ? "拒绝" : "失败"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </main>
    </>
  );
}
