import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DueBadge, StatusBadge, Timeline, formatInstant } from "@/components/cases/case-bits";
import { StaffHeader } from "@/components/staff-header";
import { requirePageRole } from "@/lib/auth/session";
import { CASE_STATUS_LABEL, getCase } from "@/lib/cases";
import { isAppError } from "@/lib/errors";
import { CHANNEL_LABEL } from "@/lib/format";
import { CaseActions } from "./_components/case-actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "办件详情" };

export default async function BackofficeCasePage({ params }: { params: Promise<{ caseNo: string }> }) {
  const { caseNo } = await params;
  const actor = await requirePageRole(["backoffice"], `/backoffice/cases/${caseNo}`);
  if (!/^[A-Z]{2,4}\d{10}$/.test(caseNo)) notFound();
  // Another department's case is a 404 from the data layer: it is not shown to exist.
  const view = await getCase({ actor, caseNo }).catch((error: unknown) => {
    if (isAppError(error) && (error.code === "not_found" || error.code === "forbidden")) return null;
    throw error;
  });
  if (!view) notFound();

  return (
    <>
      <StaffHeader actor={actor} title="办件详情" />
      <main className="mx-auto max-w-6xl space-y-4 px-4 py-6">
        <Link href="/backoffice" className="text-brand-700 underline">
          ← 返回办件列表
        </Link>
        <div className="flex flex-wrap items-center gap-3">
          <h2 className="font-mono text-3xl font-black" data-testid="case-no">
            {view.caseNo}
          </h2>
          <StatusBadge status={view.status} label={view.statusLabel} />
          <DueBadge dueDate={view.dueDate} dueState={view.dueState} />
        </div>
        <div className="grid gap-4 lg:grid-cols-[1fr_360px]">
          <div className="space-y-4">
            <section className="rounded-xl bg-white p-4 shadow-sm">
              <h3 className="text-lg font-bold">{view.item.name}</h3>
              <dl className="mt-2 grid grid-cols-[7em_1fr] gap-y-1">
                <dt className="text-slate-600">办件类型</dt>
                <dd>{view.item.kind === "instant" ? "即办件" : `承诺件 · ${view.item.promisedDays} 个工作日`}</dd>
                <dt className="text-slate-600">申请人</dt>
                <dd>
                  {view.applicant.name} · {view.applicant.phoneMasked}
                  {view.applicant.idNumberMasked ? ` · ${view.applicant.idNumberMasked}` : ""}
                </dd>
                <dt className="text-slate-600">受理</dt>
                <dd>
                  {formatInstant(view.acceptedAt)} · {CHANNEL_LABEL[view.channel]}
                  {view.village ? `（${view.village.name}）` : ""} · {view.source === "booking" ? "预约" : "现场"}
                  {view.ticketNumber ? ` · ${view.ticketNumber} 号` : ""}
                </dd>
                <dt className="text-slate-600">承诺期限</dt>
                <dd>{view.dueDate ?? "即办"}</dd>
                {view.opinion && (
                  <>
                    <dt className="text-slate-600">审批意见</dt>
                    <dd className="whitespace-pre-wrap">{view.opinion}</dd>
                  </>
                )}
                {view.notAcceptedReason && (
                  <>
                    <dt className="text-slate-600">不予受理理由</dt>
                    <dd>{view.notAcceptedReason}</dd>
                  </>
                )}
                {view.delivery && (
                  <>
                    <dt className="text-slate-600">出件</dt>
                    <dd>
                      {view.delivery.method === "post" ? `邮寄，单号 ${view.delivery.trackingNo}` : "窗口领取"} ·{" "}
                      {formatInstant(view.delivery.at)}
                    </dd>
                  </>
                )}
              </dl>
            </section>
            <section className="rounded-xl bg-white p-4 shadow-sm">
              <h3 className="text-lg font-bold">材料</h3>
              <table className="mt-2 w-full text-left" data-testid="case-materials">
                <tbody>
                  {view.materials.list.map((m) => {
                    const isReceived = view.materials.received.includes(m.name);
                    return (
                      <tr key={m.name} className="border-t border-slate-100">
                        <td className="py-1">
                          {m.name}
                          <span className="text-sm text-slate-600">（{m.copies}）</span>
                        </td>
                        <td>{m.required ? "必需" : "如有"}</td>
                        <td className={`font-bold ${isReceived ? "text-green-800" : "text-red-800"}`}>
                          {isReceived ? "已收" : "缺"}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {view.supplement && (
                <div className="mt-3 rounded-lg border-2 border-amber-400 bg-amber-50 p-3">
                  <p className="font-bold">
                    一次性补正告知（{formatInstant(view.supplement.issuedAt)}）
                    {view.supplement.receivedAt
                      ? ` · ${formatInstant(view.supplement.receivedAt)} 已收齐`
                      : " · 等待补正"}
                  </p>
                  <p>缺：{view.supplement.missing.join("、")}</p>
                  {view.supplement.note && <p>说明：{view.supplement.note}</p>}
                </div>
              )}
            </section>
            <section className="rounded-xl bg-white p-4 shadow-sm">
              <h3 className="text-lg font-bold">办理过程</h3>
              <div className="mt-2">
                <Timeline events={view.timeline} statusLabel={CASE_STATUS_LABEL} />
              </div>
            </section>
          </div>
          <CaseActions
            caseNo={view.caseNo}
            status={view.status}
            hasSupplement={!!view.supplement}
            materials={view.materials.list.map((m) => m.name)}
            missing={view.materials.missing}
          />
        </div>
      </main>
    </>
  );
}
