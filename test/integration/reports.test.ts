import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/connection";
import type { StaffRole } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { finishInstantCase, issueSupplementNotice, receiveSupplement, takeInCase } from "@/lib/cases";
import { isAppError } from "@/lib/errors";
import { getDistrictOverview, getReport, reportScopeFor, yearRange } from "@/lib/reports";
import type { Report } from "@/lib/reports/types";
import { shanghaiDate } from "@/lib/time";
import { intakeBody, itemOf, type TestItem } from "../support/case-fixtures";
import { staffActorIn } from "../support/fixtures";
import { createReportHall, generateActivity } from "../support/report-hall";

// The report's figures against independent counts over the cases, tickets and evaluations tables,
// in halls of this file's own (other files share the seeded hall on PostgreSQL).

const year = Number(shanghaiDate().slice(0, 4));
const thisYear = { from: `${year}-01-01`, to: `${year}-12-31` };
const Z = "Asia/Shanghai";

let hallA: Awaited<ReturnType<typeof createReportHall>>;
let hallB: Awaited<ReturnType<typeof createReportHall>>;
let manager: Actor;
let district: Actor;
let report: Report;

async function staffActor(role: StaffRole, hallId: number): Promise<Actor> {
  const departmentId = role === "backoffice" ? (await itemOf("promised")).departmentId : null;
  return staffActorIn({ role, hallId, departmentId });
}

async function rows<T>(statement: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf<T>(await (await getDb()).execute(statement));
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return `${error.status} ${error.code}`;
    throw error;
  }
  return "no error";
}

beforeAll(async () => {
  hallA = await createReportHall();
  hallB = await createReportHall();
  await generateActivity({
    hallId: hallA.hallId,
    from: `${year - 1}-01-01T00:00:00+08:00`,
    until: new Date().toISOString(),
    count: 1500,
  });
  await generateActivity({
    hallId: hallB.hallId,
    from: `${year - 1}-06-01T00:00:00+08:00`,
    until: new Date().toISOString(),
    count: 300,
  });
  manager = await staffActor("manager", hallA.hallId);
  // The district role (区级) sees every hall; its account comes with the role (another branch).
  district = { ...(await staffActor("manager", hallB.hallId)), role: "district" as StaffRole };
  report = await getReport({ actor: manager, range: thisYear });
});

/** Cases of hall A taken in during `y` (Shanghai), as a plain SQL condition. */
const casesOf = (y: number) =>
  sql`hall_id = ${hallA.hallId} and extract(year from accepted_at at time zone ${Z}) = ${y}`;

describe("the report's figures equal independent counts", () => {
  it("totals, months, channels, departments, items and villages", async () => {
    const [t] = await rows<{ total: number; not_accepted: number; finished: number; open: number }>(
      sql`select count(*)::int as total,
            count(*) filter (where status = 'not_accepted')::int as not_accepted,
            count(*) filter (where decided_at is not null)::int as finished,
            count(*) filter (where status in ('accepted', 'processing', 'needs_supplement'))::int as open
          from cases where ${casesOf(year)}`,
    );
    const c = report.current;
    expect(c.totals.total).toBeGreaterThan(300);
    expect(c.totals).toEqual({
      total: t.total,
      notAccepted: t.not_accepted,
      accepted: t.total - t.not_accepted,
      finished: t.finished,
      open: t.open,
    });

    const months = await rows<{ m: number; n: number }>(
      sql`select extract(month from accepted_at at time zone ${Z})::int as m, count(*)::int as n
          from cases where ${casesOf(year)} group by 1`,
    );
    expect(c.byMonth.map((m) => m.month)).toEqual(
      Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, "0")}`),
    );
    for (const m of c.byMonth) {
      expect(m.cases).toBe(months.find((r) => r.m === Number(m.month.slice(5)))?.n ?? 0);
    }

    const channels = await rows<{ channel: string; n: number }>(
      sql`select channel, count(*)::int as n from cases where ${casesOf(year)} group by 1`,
    );
    expect(c.byChannel.map((r) => r.channel)).toEqual(["window", "weekend", "village"]);
    for (const r of c.byChannel) expect(r.cases).toBe(channels.find((x) => x.channel === r.channel)?.n ?? 0);

    const departments = await rows<{ code: string; n: number; f: number }>(
      sql`select d.code, count(c.id)::int as n, count(c.decided_at)::int as f
          from departments d join cases c on c.department_id = d.id and c.hall_id = ${hallA.hallId}
            and extract(year from c.accepted_at at time zone ${Z}) = ${year}
          group by d.code`,
    );
    for (const d of departments) {
      expect(c.byDepartment.find((x) => x.code === d.code)).toMatchObject({ cases: d.n, finished: d.f });
    }
    expect(c.byDepartment.filter((d) => d.cases > 0)).toHaveLength(departments.length);

    const items = await rows<{ code: string; n: number }>(
      sql`select i.code, count(c.id)::int as n
          from service_items i left join cases c on c.service_item_id = i.id
            and extract(year from c.accepted_at at time zone ${Z}) = ${year}
          where i.hall_id = ${hallA.hallId} group by i.code`,
    );
    expect(c.byItem).toHaveLength(items.length);
    expect(items.length).toBeGreaterThanOrEqual(95);
    for (const i of items) expect(c.byItem.find((x) => x.code === i.code)?.cases).toBe(i.n);
    expect(c.byItem.map((i) => i.cases)).toEqual([...c.byItem.map((i) => i.cases)].sort((a, b) => b - a));

    const villages = await rows<{ code: string; n: number }>(
      sql`select v.code, count(*)::int as n from cases c join villages v on v.id = c.village_id
          where c.hall_id = ${hallA.hallId} and c.channel = 'village'
            and extract(year from c.accepted_at at time zone ${Z}) = ${year}
          group by v.code`,
    );
    expect(
      c.byVillage.map(({ code, cases }) => ({ code, n: cases })).sort((a, b) => a.code.localeCompare(b.code)),
    ).toEqual(villages.sort((a, b) => a.code.localeCompare(b.code)));
  });

  it("totals agree: months = channels = departments = items = total", () => {
    for (const figures of [report.current, report.previous]) {
      const sum = (xs: { cases: number }[]) => xs.reduce((s, x) => s + x.cases, 0);
      const total = figures.totals.total;
      expect(sum(figures.byMonth)).toBe(total);
      expect(sum(figures.byChannel)).toBe(total);
      expect(sum(figures.byDepartment)).toBe(total);
      expect(sum(figures.byItem)).toBe(total);
      expect(figures.byDepartment.reduce((s, d) => s + d.finished, 0)).toBe(figures.totals.finished);
    }
  });

  it("最多跑一次, on time and the overdue list", async () => {
    const [ov] = await rows<{ finished: number; one: number }>(
      sql`select count(*) filter (where c.decided_at is not null)::int as finished,
            count(*) filter (where c.decided_at is not null and c.supplement_issued_at is null and c.delivered_at is not null
              and (c.delivery_method = 'post' or (i.kind = 'instant' and c.delivery_method = 'window'
                and to_char(c.delivered_at at time zone ${Z}, 'YYYYMMDD') = to_char(c.accepted_at at time zone ${Z}, 'YYYYMMDD'))))::int as one
          from cases c join service_items i on i.id = c.service_item_id
          where c.hall_id = ${hallA.hallId} and extract(year from c.accepted_at at time zone ${Z}) = ${year}`,
    );
    expect(report.current.oneVisit).toEqual({ finished: ov.finished, oneVisit: ov.one, rate: ov.one / ov.finished });
    expect(ov.one).toBeGreaterThan(0);
    expect(ov.one).toBeLessThan(ov.finished);

    const [ot] = await rows<{ promised: number; on_time: number }>(
      sql`select count(*)::int as promised,
            count(*) filter (where to_char(decided_at at time zone ${Z}, 'YYYY-MM-DD') <= due_date::text)::int as on_time
          from cases where hall_id = ${hallA.hallId} and due_date is not null
            and extract(year from decided_at at time zone ${Z}) = ${year}`,
    );
    expect(report.current.onTime).toEqual({
      promised: ot.promised,
      onTime: ot.on_time,
      rate: ot.on_time / ot.promised,
    });
    expect(ot.on_time).toBeLessThan(ot.promised);

    const overdue = await rows<{ case_no: string }>(
      sql`select case_no from cases where hall_id = ${hallA.hallId} and status in ('accepted', 'processing')
            and due_date < ${shanghaiDate()}::date order by due_date, id limit 200`,
    );
    expect(report.current.overdue.map((o) => o.caseNo)).toEqual(overdue.map((o) => o.case_no));
    expect(overdue.length).toBeGreaterThan(0);
    expect(report.current.overdue.every((o) => o.workingDaysOverdue >= 0 && o.dueDate < shanghaiDate())).toBe(true);
    expect(report.previous.overdue).toEqual([]);
  });

  it("waiting and service times, per queue and window, and the heat map", async () => {
    const called = await rows<{ wait: number; service: number | null; prefix: string; number: number }>(
      sql`select extract(epoch from t.called_at - t.created_at)::float8 / 60 as wait,
            case when t.finished_at is not null
              then extract(epoch from t.finished_at - coalesce(t.started_at, t.called_at))::float8 / 60 end as service,
            q.prefix, w.number
          from tickets t join queues q on q.id = t.queue_id join windows w on w.id = t.window_id
          where t.hall_id = ${hallA.hallId} and t.called_at is not null
            and extract(year from t.called_at at time zone ${Z}) = ${year}`,
    );
    // percentile_cont: linear interpolation between the closest ranks.
    const p90 = (xs: number[]) => {
      if (xs.length === 0) return null;
      const s = [...xs].sort((a, b) => a - b);
      const pos = 0.9 * (s.length - 1);
      const lo = Math.floor(pos);
      return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
    };
    const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
    const r1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
    const expected = (list: typeof called) => {
      const services = list.flatMap((t) => (t.service === null ? [] : [Number(t.service)]));
      return {
        tickets: list.length,
        averageWaitMinutes: r1(avg(list.map((t) => Number(t.wait)))),
        p90WaitMinutes: r1(p90(list.map((t) => Number(t.wait)))),
        averageServiceMinutes: r1(avg(services)),
        p90ServiceMinutes: r1(p90(services)),
      };
    };
    const w = report.current.waiting;
    expect(called.length).toBeGreaterThan(100);
    expect({ ...w, byQueue: undefined, byWindow: undefined, heatmap: undefined }).toEqual({
      ...expected(called),
      byQueue: undefined,
      byWindow: undefined,
      heatmap: undefined,
    });
    for (const prefix of ["A", "B", "C"]) {
      expect(w.byQueue.find((q) => q.prefix === prefix)).toMatchObject(
        expected(called.filter((t) => t.prefix === prefix)),
      );
    }
    for (const number of [1, 2, 3, 4]) {
      expect(w.byWindow.find((x) => x.number === number)).toMatchObject(
        expected(called.filter((t) => Number(t.number) === number)),
      );
    }

    const issued = await rows<{ at: string }>(
      sql`select to_char(created_at at time zone ${Z}, 'YYYY-MM-DD HH24') as at from tickets
          where hall_id = ${hallA.hallId} and extract(year from created_at at time zone ${Z}) = ${year}`,
    );
    const cells = new Map<string, number>();
    for (const { at } of issued) {
      const day = new Date(`${at.slice(0, 10)}T00:00:00Z`).getUTCDay() || 7;
      const key = `${day}-${Number(at.slice(11, 13))}`;
      cells.set(key, (cells.get(key) ?? 0) + 1);
    }
    expect(new Map(w.heatmap.map((h) => [`${h.weekday}-${h.hour}`, h.tickets]))).toEqual(cells);
  });

  it("好差评: levels, satisfaction, bad reasons and follow-ups", async () => {
    const inYear = sql`hall_id = ${hallA.hallId} and extract(year from created_at at time zone ${Z}) = ${year}`;
    const levels = await rows<{ level: number; n: number }>(
      sql`select level, count(*)::int as n from evaluations where ${inYear} group by level`,
    );
    const s = report.current.satisfaction;
    const countOf = (l: number) => levels.find((x) => x.level === l)?.n ?? 0;
    expect(s.byLevel).toEqual([5, 4, 3, 2, 1].map((level) => ({ level, count: countOf(level) })));
    const rated = levels.reduce((a, l) => a + l.n, 0);
    expect(s.rated).toBe(rated);
    expect(s.satisfied).toBe(countOf(4) + countOf(5));
    expect(s.rate).toBe((countOf(4) + countOf(5)) / rated);

    const bad = await rows<{ reasons: string[] }>(sql`select reasons from evaluations where ${inYear} and level <= 2`);
    const reasons = new Map<string, number>();
    for (const r of bad) for (const reason of r.reasons) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    expect(new Map(s.badReasons.map((r) => [r.reason, r.count]))).toEqual(reasons);

    const [f] = await rows<{ open: number; closed: number; overdue: number }>(
      sql`select count(*) filter (where callback_at is null)::int as open,
            count(*) filter (where callback_at is not null)::int as closed,
            count(*) filter (where callback_at is null and follow_up_due_date < ${shanghaiDate()}::date)::int as overdue
          from evaluations where ${inYear} and level <= 2`,
    );
    expect(s.followUps).toEqual(f);
    expect(f.closed).toBeGreaterThan(0);
  });

  it("the headline detail (the JSON API's) has the same headline figures as the full report", async () => {
    const headline = await getReport({ actor: manager, range: thisYear, detail: "headline" });
    for (const key of ["current", "previous"] as const) {
      const [h, f] = [headline[key], report[key]];
      expect(h.totals).toEqual(f.totals);
      if (key === "current") {
        expect(h.byMonth).toEqual(f.byMonth);
        expect(h.byChannel).toEqual(f.byChannel);
        expect(h.byDepartment).toEqual(f.byDepartment);
        expect(h.byItem).toEqual(f.byItem);
      } else {
        expect(h.byMonth).toEqual([]);
      }
      expect(h.oneVisit).toEqual(f.oneVisit);
      expect(h.onTime).toEqual(f.onTime);
      expect(h.satisfaction.byLevel).toEqual(f.satisfaction.byLevel);
      expect(h.satisfaction.rate).toBe(f.satisfaction.rate);
    }
    const { byQueue, byWindow, heatmap, ...waiting } = report.current.waiting;
    expect(byQueue.length + byWindow.length + heatmap.length).toBeGreaterThan(0);
    expect(headline.current.waiting).toEqual({ ...waiting, byQueue: [], byWindow: [], heatmap: [] });
  });

  it("compares this year so far with the same days of last year (同比), a past year with the whole year before", async () => {
    const today = shanghaiDate();
    const sameDayLastYear = `${year - 1}${today.slice(4)}`.replace(/-02-29$/, "-02-28");
    const [t] = await rows<{ total: number; finished: number }>(
      sql`select count(*)::int as total, count(decided_at)::int as finished from cases
          where ${casesOf(year - 1)} and (accepted_at at time zone ${Z})::date <= ${sameDayLastYear}::date`,
    );
    expect(report.previous.range).toEqual(
      today === `${year}-12-31`
        ? { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` }
        : { from: `${year - 1}-01-01`, to: sameDayLastYear },
    );
    const lastYear = await getReport({ actor: manager, range: { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` } });
    expect(lastYear.previous.range).toEqual({ from: `${year - 2}-01-01`, to: `${year - 2}-12-31` });
    expect(report.previous.totals.total).toBe(t.total);
    expect(report.previous.totals.finished).toBe(t.finished);
    expect(t.total).toBeGreaterThan(300);
    // One row per month of the range compared: this year's months so far.
    expect(report.previous.byMonth).toHaveLength(Number(report.previous.range.to.slice(5, 7)));
  });
});

describe("the report follows the cases as they change", () => {
  let clerk: Actor;
  let instant: TestItem;
  beforeAll(async () => {
    clerk = hallA.clerks[0];
    instant = await itemOf("instant");
  });

  it("counts a case accepted now in this year's figures, and an instant case finished at once as one visit", async () => {
    const before = await getReport({ actor: manager, range: thisYear });
    const taken = await takeInCase({ actor: clerk, ...intakeBody(instant) });
    await finishInstantCase({ actor: clerk, caseNo: taken.caseNo });
    const after = await getReport({ actor: manager, range: thisYear });
    expect(after.current.totals.total).toBe(before.current.totals.total + 1);
    const month = shanghaiDate().slice(0, 7);
    const casesIn = (r: Report) => r.current.byMonth.find((m) => m.month === month)!.cases;
    expect(casesIn(after)).toBe(casesIn(before) + 1);
    expect(after.current.totals.finished).toBe(before.current.totals.finished + 1);
    expect(after.current.oneVisit.oneVisit).toBe(before.current.oneVisit.oneVisit + 1);
    const item = (r: Report) => r.current.byItem.find((i) => i.code === instant.code)!;
    expect(item(after).cases).toBe(item(before).cases + 1);
  });

  it("does not count a case with a 补正 notice as one visit", async () => {
    const before = await getReport({ actor: manager, range: thisYear });
    const taken = await takeInCase({ actor: clerk, ...intakeBody(instant) });
    await issueSupplementNotice({ actor: clerk, caseNo: taken.caseNo, missing: [instant.required[0]], note: "" });
    await receiveSupplement({ actor: clerk, caseNo: taken.caseNo });
    await finishInstantCase({ actor: clerk, caseNo: taken.caseNo });
    const after = await getReport({ actor: manager, range: thisYear });
    expect(after.current.totals.finished).toBe(before.current.totals.finished + 1);
    expect(after.current.oneVisit.finished).toBe(before.current.oneVisit.finished + 1);
    expect(after.current.oneVisit.oneVisit).toBe(before.current.oneVisit.oneVisit);
  });
});

describe("who sees which report", () => {
  it("refuses anonymous (401), clerks, back office and devices (403)", async () => {
    expect(await refusal(getReport({ actor: null as unknown as Actor, range: thisYear }))).toBe("401 unauthorized");
    for (const role of ["clerk", "backoffice", "kiosk", "display", "pad"] as const) {
      expect(await refusal(getReport({ actor: await staffActor(role, hallA.hallId), range: thisYear }))).toBe(
        "403 forbidden",
      );
    }
  });

  it("shows a hall's manager and admin only their own hall: another is 404, the district 403", async () => {
    const admin = await staffActor("admin", hallA.hallId);
    expect((await getReport({ actor: admin, range: thisYear })).scope).toMatchObject({
      kind: "hall",
      hallId: hallA.hallId,
    });
    expect(
      await refusal(getReport({ actor: manager, range: thisYear, scope: { kind: "hall", hallId: hallB.hallId } })),
    ).toBe("404 not_found");
    expect(await refusal(reportScopeFor(manager, { kind: "hall", hallId: 2_000_000_000 }))).toBe("404 not_found");
    expect(await refusal(getReport({ actor: manager, range: thisYear, scope: { kind: "district" } }))).toBe(
      "403 forbidden",
    );
  });

  it("lets the district see any hall, and every hall together", async () => {
    const a = await getReport({ actor: district, range: thisYear, scope: { kind: "hall", hallId: hallA.hallId } });
    expect(a.current.totals).toEqual((await getReport({ actor: manager, range: thisYear })).current.totals);
    const all = await getReport({ actor: district, range: thisYear });
    expect(all.scope).toEqual({ kind: "district" });
    expect(all.current.totals.total).toBeGreaterThanOrEqual(a.current.totals.total);
    const sum = (xs: { cases: number }[]) => xs.reduce((s, x) => s + x.cases, 0);
    expect(sum(all.current.byChannel)).toBe(all.current.totals.total);
    expect(sum(all.current.byItem)).toBe(all.current.totals.total);

    const overview = await getDistrictOverview({ actor: district, range: thisYear });
    const rowA = overview.halls.find((h) => h.hallId === hallA.hallId)!;
    const rowB = overview.halls.find((h) => h.hallId === hallB.hallId)!;
    const b = await getReport({ actor: district, range: thisYear, scope: { kind: "hall", hallId: hallB.hallId } });
    for (const [row, r] of [
      [rowA, a],
      [rowB, b],
    ] as const) {
      expect(row.totals).toEqual(r.current.totals);
      expect(row.previousTotal).toBe(r.previous.totals.total);
      expect(row.oneVisitRate).toBe(r.current.oneVisit.rate);
      expect(row.onTimeRate).toBe(r.current.onTime.rate);
      expect(row.satisfactionRate).toBe(r.current.satisfaction.rate);
    }
    expect(await refusal(getDistrictOverview({ actor: manager, range: thisYear }))).toBe("403 forbidden");
  });
});

describe("ranges", () => {
  it("refuses a reversed, too long, too early or future range, and a bad year, with 400", async () => {
    const cases: [{ from: string; to: string }, string][] = [
      [{ from: `${year}-03-01`, to: `${year}-02-28` }, "开始日期不能晚于结束日期"],
      [{ from: `${year - 3}-01-01`, to: `${year}-01-01` }, "最长 3 年"],
      [{ from: "1999-12-31", to: "2000-01-31" }, "2000 年"],
      [{ from: `${year}-01-01`, to: `${year + 1}-01-01` }, "2000 年"],
      [{ from: `${year}-02-30`, to: `${year}-03-01` }, "YYYY-MM-DD"],
    ];
    for (const [range, message] of cases) {
      const error = await getReport({ actor: manager, range }).catch((e: unknown) => e);
      expect(isAppError(error) && error.code).toBe("invalid_range");
      expect(isAppError(error) && error.status).toBe(400);
      expect((error as Error).message).toContain(message);
    }
    // Exactly three years is allowed.
    await expect(
      getReport({ actor: manager, range: { from: `${year - 2}-01-01`, to: `${year}-12-31` } }),
    ).resolves.toBeTruthy();
    for (const bad of ["1999", String(year + 1), "20x6", "", "02026"]) {
      expect(await refusal(Promise.resolve().then(() => yearRange(bad)))).toBe("400 invalid_year");
    }
    expect(yearRange(String(year))).toEqual(thisYear);
  });

  it("splits a range across years into its months, and compares with the same dates a year earlier", async () => {
    const r = await getReport({ actor: manager, range: { from: `${year - 1}-11-15`, to: `${year}-02-10` } });
    expect(r.current.byMonth.map((m) => m.month)).toEqual([
      `${year - 1}-11`,
      `${year - 1}-12`,
      `${year}-01`,
      `${year}-02`,
    ]);
    expect(r.previous.range).toEqual({ from: `${year - 2}-11-15`, to: `${year - 1}-02-10` });
    const [t] = await rows<{ n: number }>(
      sql`select count(*)::int as n from cases where hall_id = ${hallA.hallId}
            and (accepted_at at time zone ${Z})::date between ${`${year - 1}-11-15`}::date and ${`${year}-02-10`}::date`,
    );
    expect(r.current.totals.total).toBe(t.n);
  });
});
