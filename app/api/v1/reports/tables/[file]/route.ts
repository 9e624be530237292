import { getActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { parseQuery, route } from "@/lib/http";
import { attachmentDisposition } from "@/lib/http/attachment";
import { getReport, reportScopeFor, type ReportScopeRequest } from "@/lib/reports";
import { reportFileQuery } from "@/lib/reports/export-schemas";
import { rangeLabel } from "@/lib/reports/figures-format";
import { parseReportRange, periodQuery } from "@/lib/reports/parse-report-range";
import { buildReportTable, TABLE_NAMES, type TableName } from "@/lib/reports/report-tables";
import { tableToCsv } from "@/lib/reports/table-csv";

export const dynamic = "force-dynamic";

/** GET /api/v1/reports/tables/{name}.csv?year=YYYY (or from=&to=)[&hall=CODE] — one table as CSV. */
export const GET = route(async (request, context: { params: Promise<{ file: string }> }) => {
  const actor = await getActor();
  const { hall, ...period } = parseQuery(reportFileQuery, request);
  const scope: ReportScopeRequest | undefined = hall ? { kind: "hall", code: hall } : undefined;
  // Who may read reports is answered first (401/403/404 for the hall), then which table.
  await reportScopeFor(actor, scope);
  const { file } = await context.params;
  const name = file.endsWith(".csv") ? file.slice(0, -4) : "";
  if (!(TABLE_NAMES as readonly string[]).includes(name)) {
    throw new AppError("not_found", `没有这个统计表：可下载 ${TABLE_NAMES.map((n) => `${n}.csv`).join("、")}`);
  }
  const range = parseReportRange(period);
  const report = await getReport({ actor: actor!, range, scope });
  const table = buildReportTable(report, name as TableName);
  const hallName = report.scope.kind === "hall" ? report.scope.hallName : "全区";
  return new Response(tableToCsv(table), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": attachmentDisposition(
        `${hallName}${table.title} ${rangeLabel(range).replaceAll(" ", "")}.csv`,
        `${name}-${periodQuery(range).replace(/[=&]/g, "-")}.csv`,
      ),
      "cache-control": "no-store",
    },
  });
});
