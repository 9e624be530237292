// The audit log as a CSV file Excel opens with its Chinese intact (UTF-8 with a byte-order mark,
// CRLF, RFC 4180 quoting, formula-looking text neutralised: lib/reports/table-csv.ts). No
// server-only: pure.
import { auditActionLabel, auditDetailLabel, auditObjectLabel, auditResultLabel } from "@/lib/audit/labels";
import type { AuditEntryView } from "@/lib/audit/list-audit-entries";
import { dateTimeLabel } from "@/lib/format";
import { CSV_BOM, csvTextField } from "@/lib/reports/table-csv";

const HEADERS = ["时间（北京时间）", "操作人", "用户名", "操作", "对象类型", "对象", "结果", "说明", "来源地址"];

export function auditEntriesToCsv(entries: AuditEntryView[]): string {
  const lines = [HEADERS.map(csvTextField).join(",")];
  for (const e of entries)
    lines.push(
      [
        dateTimeLabel(e.at, { seconds: true }),
        e.actorDisplayName ?? e.actorName,
        e.actorName,
        auditActionLabel(e.action),
        auditObjectLabel(e.objectType),
        e.objectName ?? "",
        auditResultLabel(e.result),
        auditDetailLabel(e.action, e.detail),
        e.clientAddress ?? "",
      ]
        .map(csvTextField)
        .join(","),
    );
  return CSV_BOM + lines.join("\r\n") + "\r\n";
}
