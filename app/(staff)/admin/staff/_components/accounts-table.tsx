import Link from "next/link";
import { DataTable } from "@/components/data-table";
import type { StaffAccountRow } from "@/lib/admin/list-staff-accounts";
import { ROLE_LABEL } from "@/lib/auth/session";
import { dateTimeLabel } from "@/lib/format";
import { AccountStatus } from "../../_components/account-status";

/** The hall's accounts of people or devices, each with its state (and unlock button) and a 管理 link. */
export function AccountsTable({
  caption,
  accounts,
  kind,
}: {
  caption: string;
  accounts: StaffAccountRow[];
  kind: "people" | "devices";
}) {
  return (
    <DataTable
      caption={caption}
      className="rounded-xl bg-white p-4 shadow-sm"
      rows={accounts}
      rowKey={(a) => a.id}
      empty={kind === "devices" ? "还没有登记设备" : "还没有人员账号"}
      columns={[
        { header: kind === "devices" ? "设备名称" : "姓名", cell: (a) => a.name },
        { header: "用户名", cell: (a) => a.username, className: "font-mono" },
        { header: kind === "devices" ? "类型" : "角色", cell: (a) => ROLE_LABEL[a.role] },
        kind === "devices"
          ? {
              header: "位置 / 窗口",
              cell: (a) =>
                [a.location, a.windowNumber ? `${a.windowNumber}号窗口` : null].filter(Boolean).join("，") || "—",
            }
          : {
              header: "窗口 / 科室",
              cell: (a) => (a.windowNumber ? `${a.windowNumber}号窗口` : (a.department ?? "—")),
            },
        { header: "状态", cell: (a) => <AccountStatus account={a} /> },
        { header: "最近登录", cell: (a) => (a.lastLoginAt ? dateTimeLabel(a.lastLoginAt) : "—") },
        { header: "在线会话", cell: (a) => a.openSessions, isNumeric: true },
        {
          header: "操作",
          cell: (a) => (
            <Link href={`/admin/staff/${a.id}`} className="underline" aria-label={`管理 ${a.username}`}>
              管理
            </Link>
          ),
        },
      ]}
    />
  );
}
