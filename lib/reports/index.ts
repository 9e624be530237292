import "server-only";

export { getDistrictOverview, getReport } from "@/lib/reports/get-report";
export { reportScopeFor, isDistrictActor, type ReportScopeRequest } from "@/lib/reports/report-scope";
export { previousYearRange, validateRange, yearRange } from "@/lib/reports/report-range";
export { getYearlyReport, type YearlyReport } from "@/lib/reports/get-yearly-report";
