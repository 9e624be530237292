import { auditFilterQuery } from "@/lib/admin/schemas";
import { listAuditEntries } from "@/lib/audit/list-audit-entries";
import { requireRole } from "@/lib/auth/session";
import { json, parseQuery, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** The audit log of the admin's hall, newest first, filtered (at most 500 lines; the CSV has all). */
export const GET = route(async (request) => {
  const actor = await requireRole("admin");
  const filter = parseQuery(auditFilterQuery, request);
  return json({ entries: await listAuditEntries({ actor, filter, limit: 500 }) });
});
