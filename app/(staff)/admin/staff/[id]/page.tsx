import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StaffHeader } from "@/components/staff-header";
import { listStaffAccounts } from "@/lib/admin/list-staff-accounts";
import { listStaffSessions } from "@/lib/admin/list-staff-sessions";
import { DEVICE_ROLES } from "@/lib/auth/actor";
import { requirePageRole, ROLE_LABEL } from "@/lib/auth/session";
import { dateTimeLabel } from "@/lib/format";
import { AccountStatus } from "../../_components/account-status";
import { AdminNav } from "../../_components/admin-nav";
import { ActiveButton, ResetPasswordButton } from "../_components/account-buttons";
import { SessionsTable } from "../_components/sessions-table";
import { StaffForm } from "../_components/staff-form";
import { staffFormOptions } from "../_components/staff-options";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "账号管理" };

export default async function StaffAccountPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageRole(["admin"], `/admin/staff/${encodeURIComponent(id)}`);
  const staffId = /^[1-9]\d{0,8}$/.test(id) ? Number(id) : null;
  if (staffId === null) notFound();
  const [account] = await listStaffAccounts({ actor, staffId });
  if (!account) notFound();
  const kind = DEVICE_ROLES.includes(account.role) ? "devices" : "people";
  const [sessions, options] = await Promise.all([listStaffSessions({ actor, staffId }), staffFormOptions(actor, kind)]);
  const isSelf = account.id === actor.id;
  return (
    <>
      <StaffHeader actor={actor} title="账号管理" />
      <main className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <AdminNav current={kind === "devices" ? "/admin/devices" : "/admin/staff"} />
        <p>
          <Link href={kind === "devices" ? "/admin/devices" : "/admin/staff"} className="underline">
            ← 返回{kind === "devices" ? "设备管理" : "人员管理"}
          </Link>
        </p>
        <section className="rounded-xl bg-white p-4 shadow-sm">
          <h2 className="text-xl font-bold">
            {account.name} <span className="font-mono text-base text-slate-600">{account.username}</span>
          </h2>
          <dl className="mt-2 grid gap-x-6 gap-y-1 sm:grid-cols-[auto_1fr]">
            <dt className="text-slate-600">角色</dt>
            <dd>{ROLE_LABEL[account.role]}</dd>
            <dt className="text-slate-600">状态</dt>
            <dd>
              <AccountStatus account={account} />
            </dd>
            <dt className="text-slate-600">最近登录</dt>
            <dd>{account.lastLoginAt ? dateTimeLabel(account.lastLoginAt) : "—"}</dd>
          </dl>
          {!isSelf && (
            <div className="mt-4 flex flex-wrap items-start gap-4">
              <ActiveButton staffId={account.id} username={account.username} isActive={account.isActive} />
              <ResetPasswordButton staffId={account.id} username={account.username} />
            </div>
          )}
        </section>
        <section aria-labelledby="edit-account" className="space-y-2">
          <h2 id="edit-account" className="text-lg font-bold">
            修改
          </h2>
          <StaffForm
            kind={kind}
            options={options}
            account={{
              id: account.id,
              username: account.username,
              displayName: account.name,
              role: account.role,
              windowId: account.windowId,
              departmentCode: account.departmentCode,
              location: account.location,
            }}
          />
        </section>
        <SessionsTable caption="该账号的登录会话" sessions={sessions} />
        <p>
          <Link href={`/admin/audit?actor=${encodeURIComponent(account.username)}`} className="underline">
            查看该账号的操作记录
          </Link>
        </p>
      </main>
    </>
  );
}
