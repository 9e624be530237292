import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/connection";
import { createHall } from "./queue-hall";
import { testHallId } from "./fixtures";

// A hall of its own with the seeded hall's catalogue (same item codes) and three villages, and a
// generator of cases, tickets and ratings spread over [from, until) straight through SQL, varied
// enough that every figure of the report has something to count.

export async function createReportHall() {
  const hall = await createHall();
  const db = await getDb();
  const seeded = await testHallId();
  await db.execute(sql`
    insert into service_items (hall_id, code, name, department_id, category, queue_id, kind, promised_days, fee_cents,
      channels, is_bookable, summary, conditions, materials, pinyin_initials, pinyin_full, sort_order, is_active)
    select ${hall.hallId}, code, name, department_id, category,
      (select id from queues where hall_id = ${hall.hallId} and prefix = 'A'), kind, promised_days, fee_cents,
      channels, is_bookable, summary, conditions, materials, pinyin_initials, pinyin_full, sort_order, is_active
    from service_items where hall_id = ${seeded}`);
  await db.execute(sql`
    insert into villages (hall_id, code, name)
    values (${hall.hallId}, 'v1', '东村'), (${hall.hallId}, 'v2', '西村'), (${hall.hallId}, 'v3', '南村')`);
  return hall;
}

/** `count` cases (with a ticket each second case and a rating each third) evenly over [from, until). */
export async function generateActivity(input: { hallId: number; from: string; until: string; count: number }) {
  const db = await getDb();
  const { hallId, from, until, count } = input;
  const prefix = rowsOf<{ case_prefix: string }>(
    await db.execute(sql`select case_prefix from halls where id = ${hallId}`),
  )[0].case_prefix;
  await db.execute(sql`
    with items as (
      select id, department_id, kind, (row_number() over (order by id))::int - 1 as k, (count(*) over ())::int as n
      from service_items where hall_id = ${hallId}
    ), vs as (
      select id, (row_number() over (order by id))::int - 1 as k, (count(*) over ())::int as n
      from villages where hall_id = ${hallId}
    ), g as (
      select i, ${from}::timestamptz + (i::float8 / ${count}) * (${until}::timestamptz - ${from}::timestamptz) as at
      from generate_series(1, ${count}) as i
    ), c as (
      select g.i, g.at, it.id as item_id, it.department_id, it.kind,
        case when g.i % 10 < 6 then 'window' when g.i % 10 < 8 then 'weekend' else 'village' end as channel,
        case g.i % 11
          when 0 then 'not_accepted' when 1 then 'accepted' when 2 then 'processing' when 3 then 'needs_supplement'
          when 4 then 'approved' when 5 then 'rejected' when 6 then 'ready' else 'delivered' end as status
      from g join items it on it.k = (g.i * 7) % it.n
    )
    insert into cases (hall_id, case_no, service_item_id, department_id, channel, village_id, applicant_name,
      phone_enc, phone_hash, phone_masked, status, not_accepted_reason, supplement_issued_at, paused_from_status,
      delivery_method, tracking_no, accepted_at, due_date, decided_at, ready_at, delivered_at)
    select ${hallId}, ${prefix} || 'R' || lpad(c.i::text, 9, '0'), c.item_id, c.department_id, c.channel,
      case when c.channel = 'village' then (select id from vs where vs.k = c.i % vs.n) end,
      '测试', 'x', 'h' || c.i, '138****0000', c.status,
      case when c.status = 'not_accepted' then '材料不全' end,
      case when c.status = 'needs_supplement' or c.i % 13 = 0 then c.at + interval '1 hour' end,
      case when c.status = 'needs_supplement' then 'accepted' end,
      case when c.status = 'delivered' then (case when c.i % 3 = 0 then 'post' else 'window' end) end,
      case when c.status = 'delivered' and c.i % 3 = 0 then 'SF' || c.i end,
      c.at,
      case when c.kind = 'promised' then ((c.at at time zone 'Asia/Shanghai')::date + 4 + c.i % 3) end,
      case when c.status in ('approved', 'rejected', 'ready', 'delivered') then c.at + (c.i % 9) * interval '1 day' end,
      case when c.status in ('ready', 'delivered') then c.at + (c.i % 9) * interval '1 day' end,
      case when c.status = 'delivered' then c.at + (c.i % 9) * interval '1 day' + interval '10 minutes' end
    from c`);
  await db.execute(sql`
    with qs as (
      select id, (row_number() over (order by id))::int - 1 as k from queues where hall_id = ${hallId}
    ), ws as (
      select id, (row_number() over (order by id))::int - 1 as k from windows where hall_id = ${hallId}
    ), g as (
      select i, ${from}::timestamptz + (i::float8 / ${count}) * (${until}::timestamptz - ${from}::timestamptz) as at
      from generate_series(2, ${count}, 2) as i
    )
    insert into tickets (hall_id, queue_id, issued_queue_id, service_date, seq, number, source, status, window_id,
      created_at, called_at, started_at, finished_at)
    select ${hallId}, q.id, q.id, (g.at at time zone 'Asia/Shanghai')::date, g.i / 2, 'T' || g.i, 'walk_in',
      case when g.i % 14 = 0 then 'waiting' when g.i % 14 = 2 then 'no_show' else 'done' end,
      case when g.i % 14 <> 0 then w.id end,
      g.at,
      case when g.i % 14 <> 0 then g.at + (g.i % 37) * interval '1 minute' end,
      case when g.i % 14 not in (0, 2) and g.i % 4 = 0 then g.at + (g.i % 37 + 1) * interval '1 minute' end,
      case when g.i % 14 not in (0, 2) then g.at + (g.i % 37 + 3 + g.i % 17) * interval '1 minute' end
    from g join qs q on q.k = g.i % 3 join ws w on w.k = (g.i / 2) % 4`);
  await db.execute(sql`
    insert into evaluations (hall_id, case_id, stage, level, reasons, created_at, follow_up_due_date, callback_at,
      callback_note, change)
    select ${hallId}, c.id, 'service', 1 + c.id % 5,
      case when c.id % 5 < 2 then (case when c.id % 2 = 0 then array['态度', '效率'] else array['效率'] end) else '{}'::text[] end,
      c.accepted_at + interval '2 hours',
      case when c.id % 5 < 2 then (c.accepted_at at time zone 'Asia/Shanghai')::date + 21 end,
      case when c.id % 5 < 2 and c.id % 4 = 0 then c.accepted_at + interval '3 days' end,
      case when c.id % 5 < 2 and c.id % 4 = 0 then '已回访' end,
      case when c.id % 5 < 2 and c.id % 4 = 0 then '已整改' end
    from cases c where c.hall_id = ${hallId} and c.id % 3 = 0 and c.status <> 'not_accepted'`);
  // Pad ratings of visits (no case).
  await db.execute(sql`
    insert into evaluations (hall_id, ticket_id, stage, level, reasons, created_at, follow_up_due_date)
    select ${hallId}, t.id, 'service', 1 + t.id % 5,
      case when t.id % 5 < 2 then array['系统问题'] else '{}'::text[] end,
      t.finished_at, case when t.id % 5 < 2 then (t.finished_at at time zone 'Asia/Shanghai')::date + 21 end
    from tickets t where t.hall_id = ${hallId} and t.finished_at is not null and t.id % 5 = 1`);
}
