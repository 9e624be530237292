import { getActor } from "@/lib/auth/session";
import { parseQuery, route } from "@/lib/http";
import { attachmentDisposition } from "@/lib/http/attachment";
import { getReport, reportScopeFor, type ReportScopeRequest } from "@/lib/reports";
import { buildWorkbook, workbookFileName } from "@/lib/reports/build-workbook";
import { reportFileQuery } from "@/lib/reports/export-schemas";
import { parseReportRange, periodQuery } from "@/lib/reports/parse-report-range";

export const dynamic = "force-dynamic";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** GET /api/v1/reports/yearly.xlsx?year=YYYY (or from=&to=)[&hall=CODE] — the report as an Excel workbook. */
export const GET = route(async (request) => {
  const actor = await getActor();
  const { hall, ...period } = parseQuery(reportFileQuery, request);
  const scope: ReportScopeRequest | undefined = hall ? { kind: "hall", code: hall } : undefined;
  // Who may read reports is answered first (401/403/404 for the hall), then whether the year is valid.
  await reportScopeFor(actor, scope);
  const range = parseReportRange(period);
  const report = await getReport({ actor: actor!, range, scope });
  const hallName = report.scope.kind === "hall" ? report.scope.hallName : "全区";
  const bytes = await buildWorkbook(report, { hallName });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "content-type": XLSX,
      "content-disposition": attachmentDisposition(
        workbookFileName(report, hallName),
        `report-${periodQuery(range).replace(/[=&]/g, "-")}.xlsx`,
      ),
      "cache-control": "no-store",
    },
  });
});
