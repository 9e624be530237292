import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf, type Db } from "@/db/connection";
import { CHANNELS, type Channel } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { hallWorkdays, type IsWorkday } from "@/lib/cases/working-days";
import { previousYearRange, splitIntoMonths, validateRange } from "@/lib/reports/report-range";
import { reportScopeFor, type ReportScopeRequest } from "@/lib/reports/report-scope";
import type {
  CaseTotals,
  DistrictOverview,
  Rate,
  Report,
  ReportFigures,
  ReportRange,
  ReportScope,
  WaitFigures,
} from "@/lib/reports/types";
import { addDays, shanghaiDate } from "@/lib/time";

// The manager's report, computed from the cases, tickets and evaluations tables themselves (the
// definitions of each figure are in lib/reports/types.ts and docs/reports.md). Every query is
// bounded by the scope's hall and the range's instants and read through the covering indexes of
// migration 0014, so a hall's year is an index-only scan of its rows (docs/decisions/005).

const ZONE = "Asia/Shanghai";
const FINISHED = sql.raw(`('approved','rejected','ready','delivered')`);
const OVERDUE_ROWS = 200;

/** The instants [start, end) of a range of Shanghai dates, as timestamptz literals. */
function instants(range: ReportRange) {
  return { start: `${range.from}T00:00:00+08:00`, end: `${addDays(range.to, 1)}T00:00:00+08:00` };
}

/**
 * The scope's halls as a condition on `column`. The district's is the list of every hall, not
 * `true`: the planner then reads each hall's range of the (hall_id, instant, …) indexes.
 */
type Halls = number[];

function hallCondition(halls: Halls, column: string): SQL {
  if (halls.length === 0) return sql`false`;
  return halls.length === 1 ? sql`${sql.raw(column)} = ${halls[0]}` : sql`${sql.raw(column)} in ${halls}`;
}

async function hallsOf(db: Db, scope: ReportScope): Promise<Halls> {
  if (scope.kind === "hall") return [scope.hallId];
  return (await query<{ id: number }>(db, sql`select id from halls order by id`)).map((h) => num(h.id));
}

const rate = (part: number, whole: number): Rate => (whole === 0 ? null : part / whole);
const num = (v: unknown): number => Number(v ?? 0);
const numOrNull = (v: unknown): number | null =>
  v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10;

async function query<T>(db: Db, statement: SQL): Promise<T[]> {
  return rowsOf<T>(await db.execute(statement));
}

/** Each calendar month `YYYY-MM` the range touches, in order. */
function monthsOf(range: ReportRange): string[] {
  const months: string[] = [];
  let year = Number(range.from.slice(0, 4));
  let month = Number(range.from.slice(5, 7));
  const last = range.to.slice(0, 7);
  for (;;) {
    const key = `${year}-${String(month).padStart(2, "0")}`;
    months.push(key);
    if (key >= last) return months;
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
}

interface Counts {
  cases: number;
  not_accepted: number;
  finished: number;
  one_visit_post: number;
  one_visit_same_day: number;
}

/**
 * The case counts of a range in three groupings (GROUPING SETS, one pass): per hall and item (the
 * totals, 最多跑一次, departments and items), per month, and per channel and village.
 */
interface CaseGroups {
  items: (Counts & { hall_id: number; item_id: number; department_id: number })[];
  months: (Counts & { month: string })[];
  channels: (Counts & { channel: Channel; village_id: number | null })[];
}

interface CatalogueItem {
  id: number;
  code: string;
  name: string;
  kind: "instant" | "promised";
  department_id: number;
}

/** The catalogue of the scope: its items (every hall's, for the district), departments, villages. */
async function catalogueOf(db: Db, scope: Halls) {
  const [items, departments, villages] = await Promise.all([
    query<CatalogueItem>(
      db,
      sql`select id, code, name, kind, department_id from service_items where ${hallCondition(scope, "hall_id")} order by sort_order, code`,
    ),
    query<{ id: number; code: string; name: string }>(db, sql`select id, code, short_name as name from departments`),
    query<{ id: number; code: string; name: string }>(
      db,
      sql`select id, code, name from villages where ${hallCondition(scope, "hall_id")}`,
    ),
  ]);
  return { items, departments: new Map(departments.map((d) => [d.id, d])), villages };
}

type Catalogue = Awaited<ReturnType<typeof catalogueOf>>;

/** One pass over the range's cases, grouped finely enough for every case figure. */
// Shanghai is UTC+08:00 all year (no DST since 1991): its calendar day of an instant is plain
// arithmetic on the epoch, several times cheaper per row than `at time zone` and a cast.
const shanghaiDay = (column: string) => sql.raw(`floor((extract(epoch from ${column}) + 28800) / 86400)`);

/** What every grouping of the cases counts (the one-visit counts as defined in docs/reports.md). */
const CASE_COUNTS = sql`count(*)::int as cases,
  count(*) filter (where status = 'not_accepted')::int as not_accepted,
  count(*) filter (where status in ${FINISHED})::int as finished,
  count(*) filter (where status in ${FINISHED} and supplement_issued_at is null
    and delivery_method = 'post')::int as one_visit_post,
  count(*) filter (where status in ${FINISHED} and supplement_issued_at is null
    and delivery_method = 'window' and ${shanghaiDay("delivered_at")} = ${shanghaiDay("accepted_at")})::int
    as one_visit_same_day`;

const SUMS = sql`sum(cases)::int as cases, sum(not_accepted)::int as not_accepted, sum(finished)::int as finished,
  sum(one_visit_post)::int as one_visit_post, sum(one_visit_same_day)::int as one_visit_same_day`;

interface GroupRow extends Counts {
  grouping: "item" | "month" | "channel";
  hall_id: number;
  item_id: number;
  department_id: number;
  month: string | number;
  channel: Channel;
  village_id: number | null;
}

/**
 * The three groupings in one statement: the grouping each row belongs to and its keys (`month` is the
 * SQL of the month key); `itemsOnly` (last year's totals) asks for the per-item grouping alone.
 */
function groupingSets(month: string, itemsOnly: boolean) {
  if (itemsOnly) {
    return {
      keys: sql`'item' as grouping, hall_id, service_item_id as item_id, department_id, null as month, null as channel,
        null as village_id`,
      sets: sql`hall_id, service_item_id, department_id`,
    };
  }
  return {
    keys: sql`case when grouping(service_item_id) = 0 then 'item' when grouping(channel) = 0 then 'channel'
        else 'month' end as grouping,
      hall_id, service_item_id as item_id, department_id, ${sql.raw(month)} as month, channel, village_id`,
    sets: sql`grouping sets ((hall_id, service_item_id, department_id), (${sql.raw(month)}), (channel, village_id))`,
  };
}

function splitGroups(rows: GroupRow[], monthOf: (m: GroupRow["month"]) => string): CaseGroups {
  const groups: CaseGroups = { items: [], months: [], channels: [] };
  for (const r of rows) {
    if (r.grouping === "item") groups.items.push(r);
    else if (r.grouping === "month") groups.months.push({ ...r, month: monthOf(r.month) });
    else groups.channels.push(r);
  }
  return groups;
}

/**
 * The range's case counts: the whole months from the monthly rollup (migration 0016, kept in step
 * with the cases by triggers), the partial months at the ends of the range from the cases
 * themselves. `itemsOnly`: the per-item grouping alone (enough for totals and rates).
 */
async function caseGroups(db: Db, scope: Halls, range: ReportRange, itemsOnly = false): Promise<CaseGroups> {
  const { whole, ends } = splitIntoMonths(range);
  const parts = await Promise.all([
    whole ? rollupGroups(db, scope, whole, itemsOnly) : Promise.resolve(null),
    ...ends.map((end) => casesGroups(db, scope, end, itemsOnly)),
  ]);
  const groups: CaseGroups = { items: [], months: [], channels: [] };
  for (const part of parts) {
    if (!part) continue;
    groups.items.push(...part.items);
    groups.months.push(...part.months);
    groups.channels.push(...part.channels);
  }
  return groups;
}

/** Whole months of the range from the rollup. */
async function rollupGroups(db: Db, scope: Halls, whole: ReportRange, itemsOnly: boolean): Promise<CaseGroups> {
  const { keys, sets } = groupingSets("to_char(month, 'YYYY-MM')", itemsOnly);
  const rows = await query<GroupRow>(
    db,
    sql`select ${keys}, ${SUMS}
        from case_month_counts
        where ${hallCondition(scope, "hall_id")} and month >= ${whole.from}::date and month <= ${whole.to}::date
        group by ${sets}`,
  );
  return splitGroups(rows, String);
}

/**
 * A partial month's cases in one pass. The month is the bucket of the month boundaries the instant
 * falls in (width_bucket: a binary search per row rather than formatting a date), mapped back to
 * `YYYY-MM` here.
 */
async function casesGroups(db: Db, scope: Halls, range: ReportRange, itemsOnly: boolean): Promise<CaseGroups> {
  const { start, end } = instants(range);
  const months = monthsOf(range);
  const boundaries = months.slice(1).map((m) => sql`${`${m}-01T00:00:00+08:00`}`);
  const { keys, sets } = groupingSets("bucket", itemsOnly);
  const rows = await query<GroupRow>(
    db,
    sql`select ${keys}, ${CASE_COUNTS}
        from (select *, width_bucket(accepted_at, array[${sql.join(boundaries, sql`, `)}]::timestamptz[]) as bucket
          from cases
          where ${hallCondition(scope, "hall_id")} and accepted_at >= ${start}::timestamptz and accepted_at < ${end}::timestamptz) c
        group by ${sets}`,
  );
  return splitGroups(rows, (bucket) => months[num(bucket)]);
}

/** The totals and the 最多跑一次 count of some case groups (as docs/reports.md defines them). */
function caseTotals(items: CaseGroups["items"], itemById: Map<number, CatalogueItem>) {
  const totals: CaseTotals = { total: 0, accepted: 0, notAccepted: 0, finished: 0, open: 0 };
  let oneVisit = 0;
  for (const g of items) {
    totals.total += g.cases;
    totals.notAccepted += g.not_accepted;
    totals.finished += g.finished;
    // By post, or an instant item handed over at the window on the day it was taken in.
    oneVisit += g.one_visit_post + (itemById.get(g.item_id)?.kind === "instant" ? g.one_visit_same_day : 0);
  }
  totals.accepted = totals.total - totals.notAccepted;
  totals.open = totals.accepted - totals.finished;
  return { totals, oneVisit: { finished: totals.finished, oneVisit, rate: rate(oneVisit, totals.finished) } };
}

function caseFigures(groups: CaseGroups, catalogue: Catalogue, range: ReportRange) {
  const itemById = new Map(catalogue.items.map((i) => [i.id, i]));
  const { totals, oneVisit } = caseTotals(groups.items, itemById);
  const byMonth = new Map(monthsOf(range).map((m) => [m, 0]));
  const byChannel = new Map<Channel, number>(CHANNELS.map((c) => [c, 0]));
  const byVillage = new Map<number, number>();
  const byDepartment = new Map<number, { cases: number; finished: number }>();
  // Items by code: for the district, the same item of every hall's catalogue is one row.
  const byItem = new Map<string, { cases: number; finished: number }>();

  for (const item of catalogue.items) {
    byItem.set(item.code, { cases: 0, finished: 0 });
    if (!byDepartment.has(item.department_id)) byDepartment.set(item.department_id, { cases: 0, finished: 0 });
  }
  for (const g of groups.months) byMonth.set(g.month, (byMonth.get(g.month) ?? 0) + g.cases);
  for (const g of groups.channels) {
    byChannel.set(g.channel, (byChannel.get(g.channel) ?? 0) + g.cases);
    if (g.channel === "village" && g.village_id !== null) {
      byVillage.set(g.village_id, (byVillage.get(g.village_id) ?? 0) + g.cases);
    }
  }
  for (const g of groups.items) {
    const department = byDepartment.get(g.department_id) ?? { cases: 0, finished: 0 };
    department.cases += g.cases;
    department.finished += g.finished;
    byDepartment.set(g.department_id, department);
    const item = itemById.get(g.item_id);
    if (item) {
      const row = byItem.get(item.code)!;
      row.cases += g.cases;
      row.finished += g.finished;
    }
  }

  const firstOfCode = new Map<string, CatalogueItem>();
  for (const item of catalogue.items) if (!firstOfCode.has(item.code)) firstOfCode.set(item.code, item);
  const villageById = new Map(catalogue.villages.map((v) => [v.id, v]));

  return {
    totals,
    byMonth: [...byMonth].map(([month, cases]) => ({ month, cases })),
    byDepartment: [...byDepartment]
      .map(([id, figures]) => {
        const d = catalogue.departments.get(id);
        return { code: d?.code ?? String(id), name: d?.name ?? String(id), ...figures };
      })
      .sort((a, b) => b.cases - a.cases || a.code.localeCompare(b.code)),
    byItem: [...byItem]
      .map(([code, figures]) => {
        const item = firstOfCode.get(code)!;
        return {
          code,
          name: item.name,
          departmentName: catalogue.departments.get(item.department_id)?.name ?? "",
          kind: item.kind,
          ...figures,
        };
      })
      .sort((a, b) => b.cases - a.cases || a.code.localeCompare(b.code)),
    byChannel: CHANNELS.map((channel) => ({ channel, cases: byChannel.get(channel) ?? 0 })),
    byVillage: [...byVillage]
      .map(([id, cases]) => ({
        code: villageById.get(id)?.code ?? String(id),
        name: villageById.get(id)?.name ?? "",
        cases,
      }))
      .sort((a, b) => b.cases - a.cases || a.code.localeCompare(b.code)),
    oneVisit,
  };
}

interface OnTimeRow {
  hall_id: number;
  promised: number;
  on_time: number;
}

/**
 * 承诺件 decided in the range, per hall, and how many by their due date: the whole months from the
 * rollup, the partial ones from the cases.
 */
async function onTimeByHall(db: Db, scope: Halls, range: ReportRange): Promise<Map<number, OnTimeRow>> {
  const { whole, ends } = splitIntoMonths(range);
  const parts = await Promise.all([
    whole
      ? query<OnTimeRow>(
          db,
          sql`select hall_id, sum(promised)::int as promised, sum(on_time)::int as on_time from case_decided_counts
              where ${hallCondition(scope, "hall_id")} and month >= ${whole.from}::date and month <= ${whole.to}::date
              group by hall_id`,
        )
      : Promise.resolve([]),
    ...ends.map((end) => {
      const { start, end: stop } = instants(end);
      return query<OnTimeRow>(
        db,
        sql`select hall_id, count(*)::int as promised,
              count(*) filter (where (decided_at at time zone ${ZONE})::date <= due_date)::int as on_time
            from cases
            where ${hallCondition(scope, "hall_id")} and due_date is not null
              and decided_at >= ${start}::timestamptz and decided_at < ${stop}::timestamptz
            group by hall_id`,
      );
    }),
  ]);
  const byHall = new Map<number, OnTimeRow>();
  for (const row of parts.flat()) {
    const hallId = num(row.hall_id);
    const sum = byHall.get(hallId) ?? { hall_id: hallId, promised: 0, on_time: 0 };
    sum.promised += num(row.promised);
    sum.on_time += num(row.on_time);
    byHall.set(hallId, sum);
  }
  return byHall;
}

function onTimeOf(rows: Iterable<OnTimeRow>): ReportFigures["onTime"] {
  let promised = 0;
  let onTime = 0;
  for (const row of rows) {
    promised += row.promised;
    onTime += row.on_time;
  }
  return { promised, onTime, rate: rate(onTime, promised) };
}

/** Open 承诺件 (the clock running: not paused for 补正) past their due date today. */
async function overdueCases(db: Db, scope: Halls): Promise<ReportFigures["overdue"]> {
  const today = shanghaiDate();
  const rows = await query<{
    hall_id: number;
    case_no: string;
    item_name: string;
    department_name: string;
    accepted_at: string | Date;
    due_date: string;
    status: string;
  }>(
    db,
    sql`select c.hall_id, c.case_no, i.name as item_name, d.short_name as department_name, c.accepted_at,
          c.due_date::text as due_date, c.status
        from cases c
        join service_items i on i.id = c.service_item_id
        join departments d on d.id = c.department_id
        where ${hallCondition(scope, "c.hall_id")} and c.status in ('accepted', 'processing') and c.due_date < ${today}
        order by c.due_date, c.id
        limit ${OVERDUE_ROWS}`,
  );
  if (rows.length === 0) return [];
  const oldest = rows[0].due_date;
  const calendars = new Map<number, IsWorkday>();
  for (const hallId of new Set(rows.map((r) => r.hall_id))) {
    calendars.set(hallId, await hallWorkdays(db, { hallId, from: oldest, to: today }));
  }
  // The list may reach years back: each hall's working days are counted once from the oldest due
  // date to today, and a case's days overdue are the difference of two running counts.
  const runningCounts = new Map<number, Map<string, number>>();
  for (const [hallId, isWorkday] of calendars) {
    const counts = new Map<string, number>();
    let n = 0;
    for (let d = oldest; d <= today; d = addDays(d, 1)) counts.set(d, isWorkday(d) ? ++n : n);
    runningCounts.set(hallId, counts);
  }
  return rows.map((r) => {
    const counts = runningCounts.get(r.hall_id)!;
    return {
      caseNo: r.case_no,
      itemName: r.item_name,
      departmentName: r.department_name,
      acceptedAt: new Date(r.accepted_at).toISOString(),
      dueDate: r.due_date,
      status: r.status,
      // Working days after the due date up to today (the due date itself not counted).
      workingDaysOverdue: counts.get(today)! - counts.get(r.due_date)!,
    };
  });
}

interface WaitRow {
  queue_prefix: string | null;
  queue_name: string | null;
  window_number: number | null;
  window_name: string | null;
  by_queue: number;
  by_window: number;
  tickets: number;
  avg_wait: number | null;
  p90_wait: number | null;
  avg_service: number | null;
  p90_service: number | null;
}

async function waitingFigures(
  db: Db,
  scope: Halls,
  range: ReportRange,
  detail: Detail,
): Promise<ReportFigures["waiting"]> {
  const { start, end } = instants(range);
  // The headline has the hall's times only: no joins, one group.
  const full = detail === "full";
  const keys = full
    ? sql`q.prefix as queue_prefix, min(q.name) as queue_name, w.number as window_number, min(w.name) as window_name,
        grouping(q.prefix) as by_queue, grouping(w.number) as by_window`
    : sql`null as queue_prefix, null as queue_name, null as window_number, null as window_name, 1 as by_queue, 1 as by_window`;
  const joins = full ? sql`join queues q on q.id = t.queue_id left join windows w on w.id = t.window_id` : sql``;
  const groups = full ? sql`group by grouping sets ((), (q.prefix), (w.number))` : sql``;
  const wait = sql`extract(epoch from t.called_at - t.created_at) / 60`;
  const service = sql`extract(epoch from t.finished_at - coalesce(t.started_at, t.called_at)) / 60`;
  const [rows, heat] = await Promise.all([
    query<WaitRow>(
      db,
      sql`select ${keys},
            count(*)::int as tickets,
            avg(${wait})::float8 as avg_wait,
            percentile_cont(0.9) within group (order by ${wait})::float8 as p90_wait,
            avg(${service}) filter (where t.finished_at is not null)::float8 as avg_service,
            percentile_cont(0.9) within group (order by ${service}) filter (where t.finished_at is not null)::float8 as p90_service
          from tickets t
          ${joins}
          where ${hallCondition(scope, "t.hall_id")} and t.called_at >= ${start}::timestamptz and t.called_at < ${end}::timestamptz
          ${groups}`,
    ),
    detail === "headline"
      ? Promise.resolve([])
      : query<{ weekday: number; hour: number; tickets: number }>(
          db,
          sql`select extract(isodow from t.created_at at time zone ${ZONE})::int as weekday,
            extract(hour from t.created_at at time zone ${ZONE})::int as hour, count(*)::int as tickets
          from tickets t
          where ${hallCondition(scope, "t.hall_id")} and t.created_at >= ${start}::timestamptz and t.created_at < ${end}::timestamptz
          group by 1, 2 order by 1, 2`,
        ),
  ]);
  const figures = (r: WaitRow | undefined): WaitFigures => ({
    tickets: num(r?.tickets),
    averageWaitMinutes: numOrNull(r?.avg_wait),
    p90WaitMinutes: numOrNull(r?.p90_wait),
    averageServiceMinutes: numOrNull(r?.avg_service),
    p90ServiceMinutes: numOrNull(r?.p90_service),
  });
  const all = rows.find((r) => num(r.by_queue) === 1 && num(r.by_window) === 1);
  return {
    ...figures(all),
    byQueue: rows
      .filter((r) => num(r.by_queue) === 0)
      .map((r) => ({ prefix: r.queue_prefix!, name: r.queue_name ?? "", ...figures(r) }))
      .sort((a, b) => a.prefix.localeCompare(b.prefix)),
    byWindow: rows
      .filter((r) => num(r.by_window) === 0 && r.window_number !== null)
      .map((r) => ({ number: num(r.window_number), name: r.window_name ?? "", ...figures(r) }))
      .sort((a, b) => a.number - b.number),
    heatmap: heat.map((h) => ({ weekday: num(h.weekday), hour: num(h.hour), tickets: num(h.tickets) })),
  };
}

async function satisfactionFigures(
  db: Db,
  scope: Halls,
  range: ReportRange,
  detail: Detail,
): Promise<ReportFigures["satisfaction"]> {
  const { start, end } = instants(range);
  const today = shanghaiDate();
  const inRange = sql`${hallCondition(scope, "hall_id")} and created_at >= ${start}::timestamptz and created_at < ${end}::timestamptz`;
  const [levels, reasons, followUps] = await Promise.all([
    query<{ level: number; count: number }>(
      db,
      sql`select level, count(*)::int as count from evaluations where ${inRange} group by level`,
    ),
    detail === "headline"
      ? Promise.resolve([])
      : query<{ reason: string; count: number }>(
          db,
          sql`select reason, count(*)::int as count from evaluations, unnest(reasons) as reason
          where ${inRange} and level <= 2 group by reason order by 2 desc, 1`,
        ),
    detail === "headline"
      ? Promise.resolve([])
      : query<{ open: number; closed: number; overdue: number }>(
          db,
          sql`select count(*) filter (where callback_at is null)::int as open,
            count(*) filter (where callback_at is not null)::int as closed,
            count(*) filter (where callback_at is null and follow_up_due_date < ${today})::int as overdue
          from evaluations where ${inRange} and follow_up_due_date is not null`,
        ),
  ]);
  const countOf = (level: number) => num(levels.find((l) => num(l.level) === level)?.count);
  const byLevel = [5, 4, 3, 2, 1].map((level) => ({ level, count: countOf(level) }));
  const rated = byLevel.reduce((s, l) => s + l.count, 0);
  const satisfied = countOf(5) + countOf(4);
  return {
    rated,
    satisfied,
    rate: rate(satisfied, rated),
    byLevel,
    badReasons: reasons.map((r) => ({ reason: r.reason, count: num(r.count) })),
    followUps: {
      open: num(followUps[0]?.open),
      closed: num(followUps[0]?.closed),
      overdue: num(followUps[0]?.overdue),
    },
  };
}

/**
 * How much of the report to compute. `full`: every figure. `headline` (the JSON API, which shows
 * no lists): the same shape with the overdue list, the per-queue and per-window times, the heat
 * map, the bad reasons and the follow-ups left empty; for the previous range only the totals, the
 * one-visit, on-time and satisfaction figures (no breakdowns, no waiting times).
 */
export type Detail = "full" | "headline";

const NO_WAITING: ReportFigures["waiting"] = {
  tickets: 0,
  averageWaitMinutes: null,
  p90WaitMinutes: null,
  averageServiceMinutes: null,
  p90ServiceMinutes: null,
  byQueue: [],
  byWindow: [],
  heatmap: [],
};

/** Every figure of one range. The overdue list is about today, so only the current range has it. */
async function figuresFor(
  db: Db,
  scope: Halls,
  range: ReportRange,
  catalogue: Catalogue,
  part: { current: boolean; detail: Detail },
): Promise<ReportFigures> {
  const { current, detail } = part;
  // Last year's headline needs the totals and the one-visit rate only: one group per item.
  const totalsOnly = !current && detail === "headline";
  const [groups, onTime, overdue, waiting, satisfaction] = await Promise.all([
    caseGroups(db, scope, range, totalsOnly),
    onTimeByHall(db, scope, range).then((byHall) => onTimeOf(byHall.values())),
    current && detail === "full" ? overdueCases(db, scope) : Promise.resolve([]),
    current || detail === "full" ? waitingFigures(db, scope, range, detail) : Promise.resolve(NO_WAITING),
    satisfactionFigures(db, scope, range, detail),
  ]);
  const cases = caseFigures(groups, catalogue, range);
  if (totalsOnly) {
    return {
      range,
      ...cases,
      byMonth: [],
      byDepartment: [],
      byItem: [],
      byChannel: [],
      byVillage: [],
      onTime,
      overdue,
      waiting,
      satisfaction,
    };
  }
  return { range, ...cases, onTime, overdue, waiting, satisfaction };
}

/**
 * The report of a hall (or, for the district, of every hall together) for a range of dates, beside
 * the same dates a year earlier. A manager or admin sees their own hall; 403 for other roles, 404 for
 * another hall; 400 `invalid_range` for a range the reports cannot answer. `detail` (default `full`):
 * see {@link Detail}.
 */
export async function getReport(input: {
  actor: Actor;
  range: ReportRange;
  scope?: ReportScopeRequest;
  detail?: Detail;
}): Promise<Report> {
  const scope = await reportScopeFor(input.actor, input.scope);
  const range = validateRange(input.range);
  const detail = input.detail ?? "full";
  const db = await getDb();
  const halls = await hallsOf(db, scope);
  const catalogue = await catalogueOf(db, halls);
  const [current, previous] = await Promise.all([
    figuresFor(db, halls, range, catalogue, { current: true, detail }),
    figuresFor(db, halls, previousYearRange(range), catalogue, { current: false, detail }),
  ]);
  return { scope, current, previous };
}

/** The district's side-by-side view: each hall's headline figures for the range (district only). */
export async function getDistrictOverview(input: { actor: Actor; range: ReportRange }): Promise<DistrictOverview> {
  await reportScopeFor(input.actor, { kind: "district" });
  const range = validateRange(input.range);
  const db = await getDb();
  const cur = instants(range);
  const halls = await query<{ id: number; code: string; name: string }>(
    db,
    sql`select id, code, name from halls order by id`,
  );
  const ids = halls.map((h) => num(h.id));
  const [catalogue, groups, previousGroups, onTime, satisfactionRows] = await Promise.all([
    catalogueOf(db, ids),
    caseGroups(db, ids, range, true),
    caseGroups(db, ids, previousYearRange(range), true),
    onTimeByHall(db, ids, range),
    query<{ hall_id: number; rated: number; satisfied: number }>(
      db,
      sql`select hall_id, count(*)::int as rated, count(*) filter (where level >= 4)::int as satisfied
          from evaluations where ${hallCondition(ids, "hall_id")} and created_at >= ${cur.start}::timestamptz and created_at < ${cur.end}::timestamptz
          group by hall_id`,
    ),
  ]);
  const itemById = new Map(catalogue.items.map((i) => [num(i.id), i]));
  const ofHall = (groups: CaseGroups, hallId: number) => groups.items.filter((g) => num(g.hall_id) === hallId);
  const satisfaction = new Map(satisfactionRows.map((r) => [num(r.hall_id), r]));
  return {
    range,
    halls: halls.map((hall) => {
      const { totals, oneVisit } = caseTotals(ofHall(groups, hall.id), itemById);
      const t = onTime.get(hall.id);
      const s = satisfaction.get(hall.id);
      return {
        hallId: hall.id,
        code: hall.code,
        name: hall.name,
        totals,
        previousTotal: caseTotals(ofHall(previousGroups, hall.id), itemById).totals.total,
        oneVisitRate: oneVisit.rate,
        onTimeRate: rate(num(t?.on_time), num(t?.promised)),
        satisfactionRate: rate(num(s?.satisfied), num(s?.rated)),
      };
    }),
  };
}
