import type { Metadata } from "next";
import { DataTable } from "@/components/data-table";
import { MaskedPerson } from "@/components/masked-person";
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
        <DataTable
          caption="最近受理的办件"
          className="rounded-xl bg-white p-4 shadow-sm"
          rows={recent}
          rowKey={(c) => c.caseNo}
          empty="还没有转来本部门的办件"
          columns={[
            { header: "办件编号", cell: (c) => c.caseNo, className: "font-mono" },
            { header: "事项", cell: (c) => c.item },
            { header: "申请人", cell: (c) => <MaskedPerson name={c.applicant} phone={c.phone} /> },
            { header: "受理时间", cell: (c) => dateTimeLabel(c.acceptedAt), className: "whitespace-nowrap" },
            { header: "承诺期限", cell: (c) => c.dueDate ?? "即办", className: "whitespace-nowrap" },
            { header: "状态", cell: (c) => CASE_STATUS_LABEL[c.status], className: "whitespace-nowrap" },
          ]}
        />
      </main>
    </>
  );
}
