import { SessionKeeper } from "@/components/session-keeper";
import { SignOutButton } from "@/components/sign-out-button";
import { CHANGE_PASSWORD_PATH, ROLE_LABEL, type Actor } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { getHall } from "@/lib/hall";

// The pages a role moves between; a role with one screen gets no menu. Plain links, not next/link:
// staff move between pages seldom, and next/link's code (3 KB) would be in the first load of every
// staff page that has no other link (the desk, the village day).
const NAV: Partial<Record<Actor["role"], { href: string; label: string }[]>> = {
  manager: [
    { href: "/reports", label: "办件统计" },
    { href: "/reports/follow-ups", label: "差评回访" },
  ],
  // Read only: every hall side by side, any hall's report, every hall's follow-ups.
  district: [
    { href: "/district", label: "全区概览" },
    { href: "/reports", label: "办件统计" },
    { href: "/reports/follow-ups", label: "差评回访" },
  ],
  admin: [
    { href: "/admin", label: "系统管理" },
    { href: "/reports", label: "办件统计" },
    { href: "/reports/follow-ups", label: "差评回访" },
  ],
};

// Every staff page carries this header, so every staff page says when it runs on demo data.
export async function StaffHeader({ actor, title }: { actor: Actor; title: string }) {
  // With several towns on one database, every page says whose it is (the district's is all of them).
  const hallName = actor.role === "district" ? "全区" : (await getHall({ hallId: actor.hallId })).name;
  return (
    <header className="bg-slate-800 text-white">
      <SessionKeeper />
      {env().isDemo && (
        <p data-testid="demo-banner" className="bg-amber-300 px-4 py-2 text-center font-bold text-amber-950">
          演示系统：这里的群众、办件、预约和账号都是虚构的演示数据，账号密码公开，请勿用于真实办理。
        </p>
      )}
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
        <div className="flex items-center gap-3">
          <a href="/staff" className="rounded bg-white px-2 py-0.5 font-bold text-slate-800">
            一窗
          </a>
          <h1 className="text-lg font-bold">{title}</h1>
          {NAV[actor.role] && (
            <nav aria-label="工作台导航" className="flex gap-1 text-sm">
              {NAV[actor.role]!.map((item) => (
                <a key={item.href} href={item.href} className="rounded px-2 py-1 hover:bg-white/10">
                  {item.label}
                </a>
              ))}
            </nav>
          )}
        </div>
        <div className="flex items-center gap-3 text-sm">
          <span data-testid="staff-identity">
            <span data-testid="staff-hall" className="mr-2 text-slate-300">
              {hallName}
            </span>
            {actor.name}（{ROLE_LABEL[actor.role]}）
          </span>
          <a href={CHANGE_PASSWORD_PATH} className="rounded px-2 py-1 underline hover:bg-white/10">
            修改密码
          </a>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
