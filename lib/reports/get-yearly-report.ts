import "server-only";
import type { Channel } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { getReport } from "@/lib/reports/get-report";
import { yearRange } from "@/lib/reports/report-range";
import type { ReportScope, Rate } from "@/lib/reports/types";
import { shanghaiDate } from "@/lib/time";

/** The JSON of GET /api/v1/reports/yearly: a year's figures, in the shape of issue 11, with last year's headlines. */
export interface YearlyReport {
  year: number;
  scope: ReportScope;
  total: number;
  notAccepted: number;
  finished: number;
  byMonth: { month: number; cases: number }[];
  byChannel: { channel: Channel; cases: number }[];
  byDepartment: { code: string; name: string; cases: number }[];
  byItem: { code: string; name: string; cases: number }[];
  oneVisitRate: Rate;
  onTime: { promised: number; onTime: number; rate: Rate };
  satisfaction: { rated: number; rate: Rate; byLevel: { level: number; count: number }[] };
  waiting: { tickets: number; averageMinutes: number | null; p90Minutes: number | null };
  previous: { year: number; total: number; oneVisitRate: Rate; onTimeRate: Rate; satisfactionRate: Rate };
}

/** A year of a hall (or of the whole district) as the JSON API answers it; 400 `invalid_year`, 403, 404 as getReport. */
export async function getYearlyReport(input: { actor: Actor; year?: string; hall?: string }): Promise<YearlyReport> {
  const year = input.year ?? shanghaiDate().slice(0, 4);
  const range = yearRange(year);
  const { scope, current, previous } = await getReport({
    actor: input.actor,
    range,
    scope: input.hall ? { kind: "hall", code: input.hall } : undefined,
    detail: "headline",
  });
  return {
    year: Number(range.from.slice(0, 4)),
    scope,
    total: current.totals.total,
    notAccepted: current.totals.notAccepted,
    finished: current.totals.finished,
    byMonth: current.byMonth.map((m) => ({ month: Number(m.month.slice(5, 7)), cases: m.cases })),
    byChannel: current.byChannel,
    byDepartment: current.byDepartment.map(({ code, name, cases }) => ({ code, name, cases })),
    byItem: current.byItem.map(({ code, name, cases }) => ({ code, name, cases })),
    oneVisitRate: current.oneVisit.rate,
    onTime: current.onTime,
    satisfaction: {
      rated: current.satisfaction.rated,
      rate: current.satisfaction.rate,
      byLevel: current.satisfaction.byLevel,
    },
    waiting: {
      tickets: current.waiting.tickets,
      averageMinutes: current.waiting.averageWaitMinutes,
      p90Minutes: current.waiting.p90WaitMinutes,
    },
    previous: {
      year: Number(range.from.slice(0, 4)) - 1,
      total: previous.totals.total,
      oneVisitRate: previous.oneVisit.rate,
      onTimeRate: previous.onTime.rate,
      satisfactionRate: previous.satisfaction.rate,
    },
  };
}
