import type { Metadata } from "next";
import Link from "next/link";
import { DueBadge, StatusBadge, formatInstant } from "@/components/cases/case-bits";
import { DataTable } from "@/components/data-table";
import { MaskedPerson } from "@/components/masked-person";
import { StaffHeader } from "@/components/staff-header";
import { requirePageRole } from "@/lib/auth/session";
import type { CaseStatus } from "@/db/schema";
import { listCases, listDepartmentCases } from "@/lib/cases";
import { CHANNEL_LABEL } from "@/lib/format";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "后台办件" };

const TABS = [
  { key: "new", label: "新收", filter: { status: "accepted" as CaseStatus } },
  { key: "processing", label: "办理中", filter: { status: "processing" as CaseStatus } },
  { key: "supplement", label: "待补正", filter: { status: "needs_supplement" as CaseStatus } },
  { key: "soon", label: "即将到期", filter: { due: "soon" as const } },
  { key: "overdue", label: "已超期", filter: { due: "overdue" as const } },
  { key: "ready", label: "待领取", filter: { status: "ready" as CaseStatus } },
  { key: "all", label: "全部", filter: {} },
] as const;

/** 分类办理: the department's inbox, by what needs doing, with the deadlines in colour. */
export default async function BackofficePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePageRole(["backoffice"], "/backoffice");
  const search = await searchParams;
  const tab = TABS.find((t) => t.key === search.tab) ?? TABS[0];
  const rawQ = typeof search.q === "string" ? search.q.trim().slice(0, 30) : "";
  const [cases, soon, overdue, summary] = await Promise.all([
    listCases({ actor, ...tab.filter, q: rawQ || undefined, limit: 200 }),
    listCases({ actor, due: "soon", limit: 200 }),
    listCases({ actor, due: "overdue", limit: 200 }),
    listDepartmentCases({ actor, limit: 1 }),
  ]);
  const department = summary.department;
  const countOf = (status: string) => summary.byStatus.find((b) => b.status === status)?.count ?? 0;
  const tabCount = (t: (typeof TABS)[number]) =>
    "status" in t.filter
      ? countOf(t.filter.status)
      : t.key === "soon"
        ? soon.length
        : t.key === "overdue"
          ? overdue.length
          : null;
  const href = (key: string) => `/backoffice?tab=${key}${rawQ ? `&q=${encodeURIComponent(rawQ)}` : ""}`;

  return (
    <>
      <StaffHeader actor={actor} title="后台办件" />
      <main className="mx-auto max-w-6xl space-y-4 px-4 py-6">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 className="text-2xl font-bold" data-testid="department-name">
            {department || "本部门办件"}
          </h2>
          <form className="flex gap-2" action="/backoffice">
            <input type="hidden" name="tab" value="all" />
            <input
              name="q"
              defaultValue={rawQ}
              maxLength={30}
              placeholder="办件编号或申请人姓名"
              aria-label="搜索办件编号或申请人"
              className="min-h-11 w-72 rounded-lg border border-slate-400 bg-white px-3"
            />
            <button type="submit" className="min-h-11 rounded-lg bg-slate-800 px-4 font-bold text-white">
              搜索
            </button>
          </form>
        </div>
        {(overdue.length > 0 || soon.length > 0) && (
          <p className="flex flex-wrap gap-3" role="status">
            {overdue.length > 0 && (
              <Link href={href("overdue")} className="rounded-lg bg-red-700 px-3 py-2 font-bold text-white">
                {overdue.length} 件已超期
              </Link>
            )}
            {soon.length > 0 && (
              <Link href={href("soon")} className="rounded-lg bg-amber-300 px-3 py-2 font-bold text-amber-950">
                {soon.length} 件两个工作日内到期
              </Link>
            )}
          </p>
        )}
        <nav className="flex flex-wrap gap-1 border-b border-slate-300" aria-label="办件分类">
          {TABS.map((t) => (
            <Link
              key={t.key}
              href={href(t.key)}
              aria-current={t.key === tab.key ? "page" : undefined}
              className={`rounded-t-lg px-4 py-2 font-semibold ${
                t.key === tab.key
                  ? "bg-slate-800 text-white"
                  : t.key === "overdue"
                    ? "text-red-800 hover:bg-red-50"
                    : t.key === "soon"
                      ? "text-amber-900 hover:bg-amber-50"
                      : "hover:bg-white"
              }`}
            >
              {t.label}
              {tabCount(t) ? <span className="ml-1 text-sm">（{tabCount(t)}）</span> : null}
            </Link>
          ))}
        </nav>
        <DataTable
          caption="本部门办件"
          isCaptionHidden
          testId="case-inbox"
          className="rounded-xl bg-white shadow-sm"
          rows={cases}
          rowKey={(c) => c.caseNo}
          rowClassName={(c) => (c.dueState === "overdue" ? "bg-red-50" : c.dueState === "soon" ? "bg-amber-50" : "")}
          empty={rawQ ? `没有找到与“${rawQ}”相关的办件` : "暂无办件"}
          columns={[
            {
              header: "办件编号",
              cell: (c) => (
                <Link href={`/backoffice/cases/${c.caseNo}`} className="font-mono font-bold text-brand-700 underline">
                  {c.caseNo}
                </Link>
              ),
            },
            { header: "事项", cell: (c) => c.itemName },
            { header: "申请人", cell: (c) => <MaskedPerson name={c.applicantName} phone={c.phoneMasked} /> },
            { header: "受理时间", cell: (c) => formatInstant(c.acceptedAt), className: "whitespace-nowrap" },
            { header: "渠道", cell: (c) => CHANNEL_LABEL[c.channel], className: "whitespace-nowrap" },
            { header: "承诺期限", cell: (c) => <DueBadge dueDate={c.dueDate} dueState={c.dueState} /> },
            { header: "状态", cell: (c) => <StatusBadge status={c.status} label={c.statusLabel} /> },
          ]}
        />
      </main>
    </>
  );
}
