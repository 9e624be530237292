import type { Metadata } from "next";
import { StaffHeader } from "@/components/staff-header";
import { listStaffAccounts } from "@/lib/admin/list-staff-accounts";
import { listStaffSessions } from "@/lib/admin/list-staff-sessions";
import { requirePageRole } from "@/lib/auth/session";
import { AdminNav } from "../_components/admin-nav";
import { AccountsTable } from "../staff/_components/accounts-table";
import { SessionsTable } from "../staff/_components/sessions-table";
import { StaffForm } from "../staff/_components/staff-form";
import { staffFormOptions } from "../staff/_components/staff-options";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "设备管理" };

// The hall's kiosks, TVs and rating pads: each signs in once with its own account and stays
// signed in (DEVICE_SESSION_DAYS) until its session is ended here.
export default async function DevicesPage() {
  const actor = await requirePageRole(["admin"], "/admin/devices");
  const [devices, sessions, options] = await Promise.all([
    listStaffAccounts({ actor, kind: "devices" }),
    listStaffSessions({ actor, kind: "devices" }),
    staffFormOptions(actor, "devices"),
  ]);
  return (
    <>
      <StaffHeader actor={actor} title="设备管理" />
      <main className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <AdminNav current="/admin/devices" />
        <section aria-labelledby="new-device" className="space-y-2">
          <h2 id="new-device" className="text-lg font-bold">
            登记设备
          </h2>
          <p className="text-sm text-slate-600">
            取号机、叫号屏和评价器各用一个账号登录一次，之后长期保持登录；设备丢失或更换时，在下面结束它的会话。
          </p>
          <StaffForm kind="devices" options={options} />
        </section>
        <AccountsTable caption="设备" accounts={devices} kind="devices" />
        <SessionsTable caption="登录中的设备" sessions={sessions} />
      </main>
    </>
  );
}
