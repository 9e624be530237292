import { getActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { json, parseQuery, route } from "@/lib/http";
import { getYearlyReport } from "@/lib/reports";
import { yearlyReportQuery } from "@/lib/reports/schemas";

export const dynamic = "force-dynamic";

/** GET /api/v1/reports/yearly?year=YYYY[&hall=CODE] — a year's case totals (manager, admin, district). */
export const GET = route(async (request) => {
  const actor = await getActor();
  if (!actor) throw new AppError("unauthorized");
  const query = parseQuery(yearlyReportQuery, request);
  return json(await getYearlyReport({ actor, ...query }));
});
