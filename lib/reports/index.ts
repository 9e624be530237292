import "server-only";
import { and, eq, gte, lt, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { cases, departments, evaluations, serviceItems, tickets } from "@/db/schema";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { atShanghai } from "@/lib/time";

export interface YearSummary {
  year: number;
  total: number;
  /** 不予受理: part of the total, counted apart. */
  notAccepted: number;
  byMonth: { month: number; cases: number }[];
  byChannel: { channel: string; cases: number }[];
  byDepartment: { code: string; name: string; cases: number }[];
  topItems: { code: string; name: string; cases: number }[];
  satisfaction: { rated: number; satisfied: number; rate: number | null; byLevel: { level: number; count: number }[] };
  onTime: { promised: number; onTime: number; rate: number | null };
  waiting: { tickets: number; averageMinutes: number | null; p90Minutes: number | null };
}

/** The year's case totals of the actor's hall, the figures a manager reports. */
export async function getYearSummary(input: { actor: Actor; year: number }): Promise<YearSummary> {
  const { actor, year } = input;
  assertRole(actor, "manager", "admin");
  const db = await getDb();
  const from = atShanghai(`${year}-01-01`, "00:00");
  const to = atShanghai(`${year + 1}-01-01`, "00:00");
  const inYear = and(eq(cases.hallId, actor.hallId), gte(cases.acceptedAt, from), lt(cases.acceptedAt, to));
  const n = sql<number>`count(*)::int`;

  const [byMonth, byChannel, byDepartment, topItems, levels, onTime, waiting, notAccepted] = await Promise.all([
    db
      .select({
        month: sql<number>`extract(month from ${cases.acceptedAt} at time zone 'Asia/Shanghai')::int`,
        cases: n,
      })
      .from(cases)
      .where(inYear)
      .groupBy(sql`1`)
      .orderBy(sql`1`),
    db
      .select({ channel: cases.channel, cases: n })
      .from(cases)
      .where(inYear)
      .groupBy(cases.channel)
      .orderBy(sql`2 desc`),
    db
      .select({ code: departments.code, name: departments.shortName, cases: n })
      .from(cases)
      .innerJoin(departments, eq(departments.id, cases.departmentId))
      .where(inYear)
      .groupBy(departments.code, departments.shortName)
      .orderBy(sql`3 desc`),
    db
      .select({ code: serviceItems.code, name: serviceItems.name, cases: n })
      .from(cases)
      .innerJoin(serviceItems, eq(serviceItems.id, cases.serviceItemId))
      .where(inYear)
      .groupBy(serviceItems.code, serviceItems.name)
      .orderBy(sql`3 desc`)
      .limit(10),
    // Every rating of the hall in the year: on a case (phone, after pickup) or on a visit (the pad).
    db
      .select({ level: evaluations.level, count: n })
      .from(evaluations)
      .where(and(eq(evaluations.hallId, actor.hallId), gte(evaluations.createdAt, from), lt(evaluations.createdAt, to)))
      .groupBy(evaluations.level)
      .orderBy(sql`1 desc`),
    db
      .select({
        promised: sql<number>`count(*) filter (where ${cases.dueDate} is not null and ${cases.decidedAt} is not null)::int`,
        onTime: sql<number>`count(*) filter (where ${cases.dueDate} is not null and (${cases.decidedAt} at time zone 'Asia/Shanghai')::date <= ${cases.dueDate})::int`,
      })
      .from(cases)
      .where(inYear),
    db
      .select({
        tickets: n,
        average: sql<
          number | null
        >`round(avg(extract(epoch from ${tickets.calledAt} - ${tickets.createdAt}) / 60)::numeric, 1)::float8`,
        p90: sql<
          number | null
        >`round((percentile_cont(0.9) within group (order by extract(epoch from ${tickets.calledAt} - ${tickets.createdAt}) / 60))::numeric, 1)::float8`,
      })
      .from(tickets)
      .where(
        and(
          eq(tickets.hallId, actor.hallId),
          gte(tickets.createdAt, from),
          lt(tickets.createdAt, to),
          sql`${tickets.calledAt} is not null`,
        ),
      ),
    db
      .select({ cases: n })
      .from(cases)
      .where(and(inYear, eq(cases.status, "not_accepted"))),
  ]);

  const rated = levels.reduce((s, l) => s + l.count, 0);
  const satisfied = levels.filter((l) => l.level >= 4).reduce((s, l) => s + l.count, 0);
  return {
    year,
    total: byMonth.reduce((s, m) => s + m.cases, 0),
    notAccepted: notAccepted[0].cases,
    byMonth: Array.from({ length: 12 }, (_, i) => ({
      month: i + 1,
      cases: byMonth.find((m) => m.month === i + 1)?.cases ?? 0,
    })),
    byChannel,
    byDepartment,
    topItems,
    satisfaction: { rated, satisfied, rate: rated ? satisfied / rated : null, byLevel: levels },
    onTime: {
      promised: onTime[0].promised,
      onTime: onTime[0].onTime,
      rate: onTime[0].promised ? onTime[0].onTime / onTime[0].promised : null,
    },
    waiting: { tickets: waiting[0].tickets, averageMinutes: waiting[0].average, p90Minutes: waiting[0].p90 },
  };
}

export { getDistrictOverview, getReport } from "@/lib/reports/get-report";
export { reportScopeFor, isDistrictActor, type ReportScopeRequest } from "@/lib/reports/report-scope";
export { previousYearRange, validateRange, yearRange } from "@/lib/reports/report-range";
export { getYearlyReport, type YearlyReport } from "@/lib/reports/get-yearly-report";
