import type { Metadata } from "next";
import { StaffHeader } from "@/components/staff-header";
import { listStaffAccounts } from "@/lib/admin/list-staff-accounts";
import { listStaffSessions } from "@/lib/admin/list-staff-sessions";
import { requirePageRole } from "@/lib/auth/session";
import { AdminNav } from "../_components/admin-nav";
import { AccountsTable } from "./_components/accounts-table";
import { SessionsTable } from "./_components/sessions-table";
import { StaffForm } from "./_components/staff-form";
import { staffFormOptions } from "./_components/staff-options";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "人员管理" };

export default async function StaffPage() {
  const actor = await requirePageRole(["admin"], "/admin/staff");
  const [accounts, sessions, options] = await Promise.all([
    listStaffAccounts({ actor, kind: "people" }),
    listStaffSessions({ actor, kind: "people" }),
    staffFormOptions(actor, "people"),
  ]);
  return (
    <>
      <StaffHeader actor={actor} title="人员管理" />
      <main className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <AdminNav current="/admin/staff" />
        <section aria-labelledby="new-staff" className="space-y-2">
          <h2 id="new-staff" className="text-lg font-bold">
            新增人员
          </h2>
          <StaffForm kind="people" options={options} />
        </section>
        <AccountsTable caption="人员账号" accounts={accounts} kind="people" />
        <SessionsTable caption="当前登录的人员" sessions={sessions} />
      </main>
    </>
  );
}
