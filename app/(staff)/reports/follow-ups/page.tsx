import type { Metadata } from "next";
import Link from "next/link";
import { formatInstant } from "@/components/cases/case-bits";
import { StaffHeader } from "@/components/staff-header";
import { requirePageRole } from "@/lib/auth/session";
import { LEVEL_LABEL, listFollowUps } from "@/lib/evaluations";
import { CloseFollowUpForm } from "./_components/close-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "差评回访整改" };

const TABS = [
  { key: "open", label: "待回访" },
  { key: "overdue", label: "已超期" },
  { key: "closed", label: "已办结" },
] as const;

/**
 * 差评整改: every 不满意 / 非常不满意 rating, due in 15 working days, closed with a callback. The
 * district reads every hall's, each with its hall, and closes none (that is the hall's callback).
 */
export default async function FollowUpsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePageRole(["manager", "admin", "district"], "/reports/follow-ups");
  const isDistrict = actor.role === "district";
  const { state: raw } = await searchParams;
  const tab = TABS.find((t) => t.key === raw) ?? TABS[0];
  const [rows, overdue] = await Promise.all([
    listFollowUps({ actor, state: tab.key }),
    listFollowUps({ actor, state: "overdue" }),
  ]);
  return (
    <>
      <StaffHeader actor={actor} title="差评回访整改" />
      <main className="mx-auto max-w-6xl space-y-4 px-4 py-6">
        <p className="text-slate-700">
          “不满意”“非常不满意”的评价须在 15 个工作日内回访群众并整改。
          {isDistrict ? "各服务中心的回访由中心负责人办理，这里只能查看。" : ""}
          <Link href={isDistrict ? "/district" : "/reports"} className="ml-2 text-brand-700 underline">
            {isDistrict ? "返回全区概览" : "返回办件统计"}
          </Link>
        </p>
        <nav className="flex gap-1 border-b border-slate-300" aria-label="回访状态">
          {TABS.map((t) => (
            <Link
              key={t.key}
              href={`/reports/follow-ups?state=${t.key}`}
              aria-current={t.key === tab.key ? "page" : undefined}
              className={`rounded-t-lg px-4 py-2 font-semibold ${t.key === tab.key ? "bg-slate-800 text-white" : t.key === "overdue" ? "text-red-800" : ""}`}
            >
              {t.label}
              {t.key === "overdue" && overdue.length > 0 ? `（${overdue.length}）` : ""}
            </Link>
          ))}
        </nav>
        {rows.length === 0 && <p className="rounded-xl bg-white p-6 text-center text-slate-600">没有记录</p>}
        <ul className="space-y-3" data-testid="follow-ups">
          {rows.map((f) => (
            <li
              key={f.id}
              data-case={f.caseNo ?? ""}
              data-ticket={f.ticketNumber ?? ""}
              className={`grid gap-4 rounded-xl bg-white p-4 shadow-sm md:grid-cols-[1fr_1fr] ${f.state === "overdue" ? "border-l-8 border-red-700" : ""}`}
            >
              <div>
                {isDistrict && <p className="font-semibold text-slate-700">{f.hall.name}</p>}
                <p className="text-lg font-bold">
                  {LEVEL_LABEL[f.level as 1 | 2 | 3 | 4 | 5]}
                  {f.reasons.length > 0 ? ` · ${f.reasons.join("、")}` : ""}
                </p>
                <p className="text-slate-700">
                  {f.caseNo ? `办件 ${f.caseNo}` : ""}
                  {f.ticketNumber ? ` · ${f.ticketNumber} 号` : ""}
                  {f.windowNumber ? ` · ${f.windowNumber} 号窗口` : ""}
                </p>
                <p className="text-sm text-slate-600">评价时间 {formatInstant(f.createdAt)}</p>
                <p className={`font-semibold ${f.state === "overdue" ? "text-red-800" : ""}`}>
                  整改期限 {f.dueDate}
                  {f.state === "overdue" ? "（已超期）" : ""}
                </p>
                {f.comment && <p className="mt-1 rounded bg-slate-50 p-2">群众意见：{f.comment}</p>}
              </div>
              <div>
                {f.state === "closed" ? (
                  <div className="space-y-1">
                    <p>
                      <strong>回访情况：</strong>
                      {f.callbackNote}
                    </p>
                    <p>
                      <strong>整改措施：</strong>
                      {f.change}
                    </p>
                  </div>
                ) : isDistrict ? (
                  <p className="text-slate-600">待{f.hall.name}回访</p>
                ) : (
                  <CloseFollowUpForm id={f.id} />
                )}
              </div>
            </li>
          ))}
        </ul>
      </main>
    </>
  );
}
