import type { Metadata } from "next";
import { StaffHeader } from "@/components/staff-header";
import { requirePageRole } from "@/lib/auth/session";
import { CASE_STATUS_LABEL, listDepartmentCases } from "@/lib/cases";
import { dateTimeLabel } from "@/lib/format";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "后台办件" };

export default async function BackofficePage() {
  const actor = await requirePageRole(["backoffice"], "/backoffice");
  const { department, byStatus, recent } = await listDepartmentCases({ actor });
  return (
    <>
      <StaffHeader actor={actor} title="后台办件" />
      <main className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <h2 className="text-2xl font-bold" data-testid="department-name">
          {department}
        </h2>
        <section className="flex flex-wrap gap-3">
          {byStatus.map((s) => (
            <div key={s.status} className="rounded-xl bg-white px-4 py-3 shadow-sm">
              <p className="text-sm text-slate-600">{CASE_STATUS_LABEL[s.status] ?? s.status}</p>
              <p className="text-2xl font-bold">{s.count}</p>
            </div>
          ))}
        </section>
        <section className="rounded-xl bg-white p-4 shadow-sm">
          <h2 className="text-lg font-bold">最近受理的办件</h2>
          <table className="mt-2 w-full text-left text-sm">
            <thead className="text-slate-600">
              <tr>
                <th className="py-1">办件编号</th>
                <th>事项</th>
                <th>申请人</th>
                <th>电话</th>
                <th>受理时间</th>
                <th>承诺期限</th>
                <th>状态</th>
              </tr>
            </thead>
            <tbody>
              {recent.map((c) => (
                <tr key={c.caseNo} className="border-t border-slate-100">
                  <td className="py-1 font-mono">{c.caseNo}</td>
                  <td>{c.item}</td>
                  <td>{c.applicant}</td>
                  <td>{c.phone}</td>
                  <td>{dateTimeLabel(c.acceptedAt)}</td>
                  <td>{c.dueDate ?? "即办"}</td>
                  <td>{CASE_STATUS_LABEL[c.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </main>
    </>
  );
}
