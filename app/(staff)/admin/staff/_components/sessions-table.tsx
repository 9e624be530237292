import { DataTable } from "@/components/data-table";
import type { StaffSessionRow } from "@/lib/admin/list-staff-sessions";
import { ROLE_LABEL } from "@/lib/auth/session";
import { dateTimeLabel } from "@/lib/format";
import { EndSessionButton } from "./account-buttons";

/** Who is signed in: each open session, with its own 结束会话 button. */
export function SessionsTable({ caption, sessions }: { caption: string; sessions: StaffSessionRow[] }) {
  return (
    <DataTable
      caption={caption}
      className="rounded-xl bg-white p-4 shadow-sm"
      rows={sessions}
      rowKey={(s) => s.id}
      empty="现在没有登录中的会话"
      columns={[
        { header: "姓名 / 设备", cell: (s) => `${s.name}（${s.username}）` },
        { header: "角色", cell: (s) => ROLE_LABEL[s.role] },
        { header: "登录时间", cell: (s) => dateTimeLabel(s.startedAt), className: "whitespace-nowrap" },
        { header: "最近活动", cell: (s) => dateTimeLabel(s.lastSeenAt), className: "whitespace-nowrap" },
        { header: "到期", cell: (s) => dateTimeLabel(s.expiresAt), className: "whitespace-nowrap" },
        { header: "登录地址", cell: (s) => s.address ?? "—", className: "font-mono" },
        { header: "操作", cell: (s) => <EndSessionButton sessionId={s.id} label={s.username} /> },
      ]}
    />
  );
}
