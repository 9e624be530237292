import { auditFilterQuery } from "@/lib/admin/schemas";
import { auditEntriesToCsv } from "@/lib/audit/audit-csv";
import { listAuditEntries } from "@/lib/audit/list-audit-entries";
import { requireRole } from "@/lib/auth/session";
import { parseQuery, route } from "@/lib/http";
import { attachmentDisposition } from "@/lib/http/attachment";
import { shanghaiDate } from "@/lib/time/zone";

export const dynamic = "force-dynamic";

/** The whole filtered audit log as CSV (UTF-8 with a byte-order mark, so Excel shows the Chinese). */
export const GET = route(async (request) => {
  const actor = await requireRole("admin");
  const filter = parseQuery(auditFilterQuery, request);
  const entries = await listAuditEntries({ actor, filter, limit: 50_000 });
  const today = shanghaiDate();
  return new Response(auditEntriesToCsv(entries), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": attachmentDisposition(`审计日志-${today}.csv`, `audit-${today}.csv`),
      "cache-control": "no-store",
    },
  });
});
