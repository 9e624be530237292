import Link from "next/link";

const LINKS = [
  { href: "/admin", label: "概览" },
  { href: "/admin/items", label: "事项目录" },
  { href: "/admin/staff", label: "人员" },
  { href: "/admin/devices", label: "设备" },
  { href: "/admin/windows", label: "窗口与队列" },
  { href: "/admin/calendar", label: "办公日历" },
  { href: "/admin/calendar/villages", label: "下村服务日" },
  { href: "/admin/outbox", label: "短信记录" },
  { href: "/admin/audit", label: "审计日志" },
  { href: "/reports", label: "办件统计" },
];

export function AdminNav({ current }: { current: string }) {
  return (
    <nav aria-label="管理菜单" className="flex flex-wrap gap-2">
      {LINKS.map((l) => (
        <Link
          key={l.href}
          href={l.href}
          aria-current={l.href === current ? "page" : undefined}
          className={`rounded-md px-3 py-2 ${l.href === current ? "bg-slate-800 text-white" : "bg-white shadow-sm"}`}
        >
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
