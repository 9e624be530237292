import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/connection";
import { getReport } from "@/lib/reports";
import { shanghaiDate } from "@/lib/time";
import { staffActorIn } from "../support/fixtures";
import { createReportHall, generateActivity } from "../support/report-hall";

// The monthly rollup (migration 0016) against a plain GROUP BY over the cases, after a year of
// generated cases and after many transactions race to insert, change and delete cases of the same
// months and items; and the report of a range with partial months against independent counts.

const Z = "Asia/Shanghai";
const year = Number(shanghaiDate().slice(0, 4));
let hallId: number;

async function rows<T>(statement: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf<T>(await (await getDb()).execute(statement));
}

interface Counts {
  key: string;
  cases: number;
  not_accepted: number;
  finished: number;
  one_visit_post: number;
  one_visit_same_day: number;
}

/** The hall's counts per month, item, channel and village, straight from the cases. */
function fromCases() {
  return rows<Counts>(sql`
    select concat_ws('/', to_char(accepted_at at time zone ${Z}, 'YYYY-MM'), service_item_id, department_id, channel,
        coalesce(village_id, 0)) as key,
      count(*)::int as cases,
      count(*) filter (where status = 'not_accepted')::int as not_accepted,
      count(*) filter (where decided_at is not null and status <> 'not_accepted')::int as finished,
      count(*) filter (where decided_at is not null and status <> 'not_accepted' and supplement_issued_at is null
        and delivery_method = 'post')::int as one_visit_post,
      count(*) filter (where decided_at is not null and status <> 'not_accepted' and supplement_issued_at is null
        and delivery_method = 'window'
        and to_char(delivered_at at time zone ${Z}, 'YYYYMMDD') = to_char(accepted_at at time zone ${Z}, 'YYYYMMDD'))::int
        as one_visit_same_day
    from cases where hall_id = ${hallId} group by 1 order by 1`);
}

/** The same from the rollup (groups that came to zero are left out). */
function fromRollup() {
  return rows<Counts>(sql`
    select concat_ws('/', to_char(month, 'YYYY-MM'), service_item_id, department_id, channel, coalesce(village_id, 0))
        as key, cases, not_accepted, finished, one_visit_post, one_visit_same_day
    from case_month_counts
    where hall_id = ${hallId} and (cases, not_accepted, finished, one_visit_post, one_visit_same_day) <> (0, 0, 0, 0, 0)
    order by 1`);
}

function decidedFromCases() {
  return rows<{ month: string; promised: number; on_time: number }>(sql`
    select to_char(decided_at at time zone ${Z}, 'YYYY-MM') as month, count(*)::int as promised,
      count(*) filter (where to_char(decided_at at time zone ${Z}, 'YYYY-MM-DD') <= due_date::text)::int as on_time
    from cases where hall_id = ${hallId} and due_date is not null and decided_at is not null group by 1 order by 1`);
}

function decidedFromRollup() {
  return rows<{ month: string; promised: number; on_time: number }>(sql`
    select to_char(month, 'YYYY-MM') as month, promised, on_time from case_decided_counts
    where hall_id = ${hallId} and (promised, on_time) <> (0, 0) order by 1`);
}

async function expectRollupEqualsCases() {
  const [cases, rollup] = await Promise.all([fromCases(), fromRollup()]);
  expect(rollup).toEqual(cases);
  expect(await decidedFromRollup()).toEqual(await decidedFromCases());
}

beforeAll(async () => {
  hallId = (await createReportHall()).hallId;
  await generateActivity({
    hallId,
    from: `${year - 1}-01-01T00:00:00+08:00`,
    until: new Date().toISOString(),
    count: 900,
  });
});

describe("the monthly rollup of cases", () => {
  it("equals a GROUP BY over the cases after a year of generated cases", async () => {
    const cases = await fromCases();
    expect(cases.length).toBeGreaterThan(200);
    expect(cases.some((c) => c.one_visit_post > 0)).toBe(true);
    await expectRollupEqualsCases();
  });

  it("stays equal while 48 transactions at once insert, change, move and delete cases of the same groups", async () => {
    const db = await getDb();
    const ids = (
      await rows<{ id: number }>(sql`
        select id from cases c where hall_id = ${hallId} and status in ('accepted', 'processing', 'ready')
          and not exists (select 1 from evaluations e where e.case_id = c.id) order by id`)
    ).map((r) => Number(r.id));
    expect(ids.length).toBeGreaterThan(96);
    const tasks = Array.from({ length: 48 }, (_, i) =>
      db.transaction(async (tx) => {
        // Two cases of this task's own (row locks on cases never cross), many groups shared with others.
        const [a, b] = [ids[2 * i], ids[2 * i + 1]];
        switch (i % 4) {
          case 0: // finished at the window the same day, and one by post
            await tx.execute(sql`update cases set status = 'delivered', decided_at = accepted_at + interval '1 hour',
                delivered_at = accepted_at + interval '2 hours',
                delivery_method = case when id = ${a} then 'window' else 'post' end,
                tracking_no = case when id = ${b} then 'SF' || id end
              where id in (${a}, ${b})`);
            break;
          case 1: // a copy taken in this month, then a 补正 notice on the original
            await tx.execute(sql`insert into cases (hall_id, case_no, service_item_id, department_id, channel, village_id,
                applicant_name, phone_enc, phone_hash, phone_masked, status, accepted_at, due_date)
              select hall_id, case_no || 'X', service_item_id, department_id, channel, village_id, applicant_name,
                phone_enc, phone_hash, phone_masked, 'accepted', now(), due_date
              from cases where id = ${a}`);
            await tx.execute(
              sql`update cases set supplement_issued_at = accepted_at + interval '1 hour' where id = ${b}`,
            );
            break;
          case 2: // moved to another month, then not accepted
            await tx.execute(sql`update cases set accepted_at = accepted_at - interval '40 days' where id = ${a}`);
            await tx.execute(sql`update cases set status = 'not_accepted', not_accepted_reason = '材料不全',
                due_date = null where id = ${b}`);
            break;
          default: // deleted, and a change that moves no count
            await tx.execute(sql`delete from cases where id = ${a}`);
            await tx.execute(sql`update cases set applicant_name = applicant_name || '甲' where id = ${b}`);
        }
      }),
    );
    const results = await Promise.allSettled(tasks);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    await expectRollupEqualsCases();
  });

  it("rolls back with the transaction that changed the case", async () => {
    const db = await getDb();
    const before = await fromRollup();
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`update cases set status = 'not_accepted', not_accepted_reason = '回滚'
          where hall_id = ${hallId} and status = 'accepted'`);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await fromRollup()).toEqual(before);
  });

  it("refuses TRUNCATE, which would leave the rollup behind", async () => {
    const db = await getDb();
    const before = await rows<{ n: number }>(sql`select count(*)::int as n from cases`);
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`truncate cases cascade`);
      }),
    ).rejects.toMatchObject({ cause: { message: expect.stringContaining("cases cannot be truncated") as unknown } });
    expect(await rows<{ n: number }>(sql`select count(*)::int as n from cases`)).toEqual(before);
  });

  it("gives the report of a range with partial months at both ends the counts of the cases", async () => {
    const manager = await staffActorIn({ role: "manager", hallId });
    const range = { from: `${year - 1}-02-10`, to: `${year}-01-20` };
    const report = await getReport({ actor: manager, range });
    const inRange = (column: string) =>
      sql`hall_id = ${hallId} and (${sql.raw(column)} at time zone ${Z})::date between ${range.from}::date and ${range.to}::date`;
    const [t] = await rows<{ total: number; not_accepted: number; finished: number }>(sql`
      select count(*)::int as total, count(*) filter (where status = 'not_accepted')::int as not_accepted,
        count(*) filter (where decided_at is not null and status <> 'not_accepted')::int as finished
      from cases where ${inRange("accepted_at")}`);
    expect(report.current.totals).toMatchObject({
      total: t.total,
      notAccepted: t.not_accepted,
      finished: t.finished,
    });
    const [o] = await rows<{ promised: number; on_time: number }>(sql`
      select count(*)::int as promised,
        count(*) filter (where to_char(decided_at at time zone ${Z}, 'YYYY-MM-DD') <= due_date::text)::int as on_time
      from cases where ${inRange("decided_at")} and due_date is not null`);
    expect(report.current.onTime).toMatchObject({ promised: o.promised, onTime: o.on_time });
    const february = await rows<{ n: number }>(sql`
      select count(*)::int as n from cases where hall_id = ${hallId}
        and (accepted_at at time zone ${Z})::date between ${`${year - 1}-02-10`}::date and ${`${year - 1}-02-28`}::date`);
    expect(report.current.byMonth[0]).toEqual({ month: `${year - 1}-02`, cases: february[0].n });
    expect(report.current.byMonth.reduce((s, m) => s + m.cases, 0)).toBe(t.total);
  });
});
