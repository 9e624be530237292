import type { Metadata } from "next";
import { DataTable } from "@/components/data-table";
import { Field } from "@/components/field";
import { FormAlert } from "@/components/form-alert";
import { StaffHeader } from "@/components/staff-header";
import { listStaffAccounts } from "@/lib/admin/list-staff-accounts";
import { auditFilterQuery } from "@/lib/admin/schemas";
import {
  AUDIT_ACTION_LABELS,
  AUDIT_OBJECT_LABELS,
  auditActionLabel,
  auditDetailLabel,
  auditObjectLabel,
  auditResultLabel,
} from "@/lib/audit/labels";
import { listAuditEntries, type AuditEntryView } from "@/lib/audit/list-audit-entries";
import { requirePageRole } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { dateTimeLabel } from "@/lib/format";
import { fieldErrors } from "@/lib/http";
import { addDays, shanghaiDate } from "@/lib/time/zone";
import { AdminNav } from "../_components/admin-nav";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "审计日志" };

const PAGE_LIMIT = 200;

/**
 * The hall's audit log in Chinese: who, what, which object by its name, result, when (Beijing
 * time), from which address. Filters are the query string (a GET form), so a filtered view can be
 * bookmarked and the CSV link exports exactly what is shown (all of it, not only the first 200).
 */
export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePageRole(["admin"], "/admin/audit");
  const raw = await searchParams;
  const today = shanghaiDate();
  const values: Record<string, string> = {};
  for (const key of ["actor", "action", "objectType", "object", "from", "to"])
    if (typeof raw[key] === "string" && raw[key]) values[key] = raw[key] as string;
  values.from ??= addDays(today, -30);
  values.to ??= today;
  const parsed = auditFilterQuery.safeParse(values);
  let fields: Record<string, string> = parsed.success ? {} : fieldErrors(parsed.error);
  let entries: AuditEntryView[] = [];
  if (parsed.success) {
    try {
      entries = await listAuditEntries({ actor, filter: parsed.data, limit: PAGE_LIMIT });
    } catch (error) {
      if (!isAppError(error) || error.code !== "invalid_input") throw error;
      fields = error.fields ?? {};
    }
  }
  const people = await listStaffAccounts({ actor });
  const csvHref = `/api/v1/admin/audit.csv?${new URLSearchParams(values).toString()}`;
  return (
    <>
      <StaffHeader actor={actor} title="审计日志" />
      <main className="mx-auto max-w-7xl space-y-6 px-4 py-6">
        <AdminNav current="/admin/audit" />
        <form
          method="get"
          aria-label="筛选审计日志"
          className="grid gap-3 rounded-xl bg-white p-4 shadow-sm sm:grid-cols-3 lg:grid-cols-6"
        >
          <Field as="select" label="操作人" name="actor" defaultValue={values.actor ?? ""} density="staff">
            <option value="">全部</option>
            {people.map((p) => (
              <option key={p.id} value={p.username}>
                {p.name}（{p.username}）
              </option>
            ))}
          </Field>
          <Field as="select" label="操作" name="action" defaultValue={values.action ?? ""} density="staff">
            <option value="">全部</option>
            {Object.entries(AUDIT_ACTION_LABELS).map(([action, label]) => (
              <option key={action} value={action}>
                {label}
              </option>
            ))}
          </Field>
          <Field as="select" label="对象类型" name="objectType" defaultValue={values.objectType ?? ""} density="staff">
            <option value="">全部</option>
            {Object.entries(AUDIT_OBJECT_LABELS).map(([type, label]) => (
              <option key={type} value={type}>
                {label}
              </option>
            ))}
          </Field>
          <Field
            label="对象"
            name="object"
            maxLength={64}
            placeholder="姓名、窗口、办件编号"
            defaultValue={values.object ?? ""}
            density="staff"
            error={fields.object}
          />
          <Field
            label="开始日期"
            name="from"
            type="date"
            defaultValue={values.from}
            density="staff"
            error={fields.from}
          />
          <Field label="结束日期" name="to" type="date" defaultValue={values.to} density="staff" error={fields.to} />
          <div className="flex flex-wrap items-center gap-3 sm:col-span-3 lg:col-span-6">
            <button type="submit" className="min-h-12 rounded-lg bg-slate-800 px-5 font-bold text-white">
              筛选
            </button>
            <a href={csvHref} className="underline" download>
              导出 CSV（Excel 可直接打开）
            </a>
            <span className="text-sm text-slate-600">时间均为北京时间。审计日志只增不改，至少保存 180 天。</span>
          </div>
          <FormAlert
            message={Object.keys(fields).length ? "请按提示修改筛选条件。" : undefined}
            className="sm:col-span-3 lg:col-span-6"
          />
        </form>
        <DataTable
          caption={
            entries.length === PAGE_LIMIT ? `审计记录（显示最近 ${PAGE_LIMIT} 条，更多请缩小范围或导出）` : "审计记录"
          }
          className="rounded-xl bg-white p-4 shadow-sm"
          rows={entries}
          rowKey={(e) => e.id}
          empty="没有符合条件的记录"
          columns={[
            { header: "时间", cell: (e) => dateTimeLabel(e.at, { seconds: true }), className: "whitespace-nowrap" },
            {
              header: "操作人",
              cell: (e) => (e.actorDisplayName ? `${e.actorDisplayName}（${e.actorName}）` : e.actorName),
            },
            { header: "操作", cell: (e) => auditActionLabel(e.action) },
            {
              header: "对象",
              cell: (e) => `${auditObjectLabel(e.objectType)}${e.objectName ? `：${e.objectName}` : ""}`,
            },
            {
              header: "结果",
              cell: (e) => (
                <span className={e.result === "ok" ? "" : "font-semibold text-red-700"}>
                  {auditResultLabel(e.result)}
                </span>
              ),
            },
            { header: "说明", cell: (e) => auditDetailLabel(e.action, e.detail) || "—" },
            { header: "来源地址", cell: (e) => e.clientAddress ?? "—", className: "font-mono" },
          ]}
        />
      </main>
    </>
  );
}
