// Fills a yichuang database (the demo hall already seeded) with `halls` halls in all and `cases`
// cases spread evenly over them and over [from, until), with a ticket for every second case and a
// rating for every third, straight through SQL (generate_series): about a minute for a million
// cases on PostgreSQL. `exec(sqlText)` runs one statement on the database (postgres.js or PGlite).

const hallCodes = (n) => Array.from({ length: n - 1 }, (_, i) => `bench${String(i + 1).padStart(2, "0")}`);

/** The extra halls: queues, windows, catalogue and villages copied from the demo hall. */
export async function addHalls(exec, halls) {
  for (const [i, code] of hallCodes(halls).entries()) {
    const prefix = `B${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}`;
    await exec(`
      with demo as (select id from halls order by id limit 1),
      h as (
        insert into halls (code, name, address, phone, case_prefix)
        values ('${code}', '基准镇${i + 1}便民服务中心', '基准路${i + 1}号', '0571-0000000', '${prefix}')
        on conflict (code) do nothing returning id
      ),
      q as (
        insert into queues (hall_id, prefix, name, daily_cap, sort_order)
        select h.id, q.prefix, q.name, q.daily_cap, q.sort_order from h, queues q where q.hall_id = (select id from demo)
        returning id, hall_id, prefix
      ),
      w as (
        insert into windows (hall_id, number, name)
        select h.id, w.number, w.name from h, windows w where w.hall_id = (select id from demo)
        returning id
      ),
      v as (
        insert into villages (hall_id, code, name)
        select h.id, v.code, v.name from h, villages v where v.hall_id = (select id from demo)
        returning id
      )
      insert into service_items (hall_id, code, name, department_id, category, queue_id, kind, promised_days, fee_cents,
        channels, is_bookable, summary, conditions, materials, pinyin_initials, pinyin_full, sort_order, is_active)
      select q.hall_id, s.code, s.name, s.department_id, s.category, q.id, s.kind, s.promised_days, s.fee_cents,
        s.channels, s.is_bookable, s.summary, s.conditions, s.materials, s.pinyin_initials, s.pinyin_full,
        s.sort_order, s.is_active
      from service_items s
      join queues dq on dq.id = s.queue_id
      join q on q.prefix = dq.prefix
      where s.hall_id = (select id from demo)`);
  }
}

/**
 * `count` cases of one hall over the days [from, until) (Shanghai dates), on working hours, with
 * every status, channel, 补正 and delivery; tickets for every second case, ratings for every third.
 */
export async function fillHall(exec, { hallId, from, until, count }) {
  const days = Math.round((Date.parse(until) - Date.parse(from)) / 86_400_000);
  // The i-th row's instant: its day, then a time from 08:30 over 8 hours.
  const at = (i) =>
    `('${from}'::date + (${i}::bigint * ${days} / ${count})::int + time '08:30' + ((${i} * 7919) % 480) * interval '1 minute') at time zone 'Asia/Shanghai'`;
  await exec(`
    with items as (
      select id, department_id, kind, (row_number() over (order by id))::int - 1 as k, (count(*) over ())::int as n
      from service_items where hall_id = ${hallId}
    ), vs as (
      select id, (row_number() over (order by id))::int - 1 as k, (count(*) over ())::int as n
      from villages where hall_id = ${hallId}
    ), g as (
      select i, ${at("i")} as at from generate_series(1, ${count}) as i
    ), c as (
      select g.i, g.at, it.id as item_id, it.department_id, it.kind,
        case when g.i % 10 < 6 then 'window' when g.i % 10 < 8 then 'weekend' else 'village' end as channel,
        case when g.at > now() - interval '20 days' then (case g.i % 3 when 0 then 'accepted' when 1 then 'processing' else 'delivered' end)
          else (case g.i % 23
            when 0 then 'not_accepted' when 1 then 'accepted' when 2 then 'needs_supplement'
            when 3 then 'approved' when 4 then 'rejected' when 5 then 'ready' else 'delivered' end) end as status
      from g join items it on it.k = (g.i * 7) % it.n
    )
    insert into cases (hall_id, case_no, service_item_id, department_id, channel, village_id, applicant_name,
      phone_enc, phone_hash, phone_masked, status, not_accepted_reason, supplement_issued_at, paused_from_status,
      delivery_method, tracking_no, accepted_at, due_date, decided_at, ready_at, delivered_at)
    select ${hallId}, (select case_prefix from halls where id = ${hallId}) || 'X' || lpad(c.i::text, 9, '0'),
      c.item_id, c.department_id, c.channel,
      case when c.channel = 'village' then (select id from vs where vs.k = c.i % vs.n) end,
      '基准', 'x', 'h' || c.i, '138****0000', c.status,
      case when c.status = 'not_accepted' then '材料不全' end,
      case when c.status = 'needs_supplement' or c.i % 13 = 0 then c.at + interval '1 hour' end,
      case when c.status = 'needs_supplement' then 'accepted' end,
      case when c.status = 'delivered' then (case when c.i % 3 = 0 then 'post' else 'window' end) end,
      case when c.status = 'delivered' and c.i % 3 = 0 then 'SF' || c.i end,
      c.at,
      case when c.kind = 'promised' then ((c.at at time zone 'Asia/Shanghai')::date + 4 + c.i % 5) end,
      case when c.status in ('approved', 'rejected', 'ready', 'delivered')
        then c.at + (case when c.kind = 'instant' then 0 else c.i % 9 end) * interval '1 day' + interval '10 minutes' end,
      case when c.status in ('ready', 'delivered') then c.at + (c.i % 9) * interval '1 day' end,
      case when c.status = 'delivered'
        then c.at + (case when c.kind = 'instant' then 0 else c.i % 9 end) * interval '1 day' + interval '15 minutes' end
    from c`);
  await exec(`
    with qs as (select id, (row_number() over (order by id))::int - 1 as k from queues where hall_id = ${hallId}),
    ws as (select id, (row_number() over (order by id))::int - 1 as k, (count(*) over ())::int as n from windows where hall_id = ${hallId}),
    g as (select i, ${at("i")} as at from generate_series(2, ${count}, 2) as i)
    insert into tickets (hall_id, queue_id, issued_queue_id, service_date, seq, number, source, status, window_id,
      created_at, called_at, started_at, finished_at)
    select ${hallId}, q.id, q.id, (g.at at time zone 'Asia/Shanghai')::date, 1000 + (g.i / 2) % 30000,
      'T' || (1000 + (g.i / 2) % 30000), 'walk_in',
      case when g.i % 14 = 2 then 'no_show' else 'done' end, w.id,
      g.at - (g.i % 37) * interval '1 minute', g.at,
      case when g.i % 14 <> 2 then g.at + interval '1 minute' end,
      case when g.i % 14 <> 2 then g.at + (3 + g.i % 17) * interval '1 minute' end
    from g join qs q on q.k = g.i % 3 join ws w on w.k = (g.i / 2) % w.n`);
  // Ratings: mostly 5 and 4; the poor ones (1, 2) with a reason and a follow-up, most closed after a week.
  await exec(`
    insert into evaluations (hall_id, case_id, stage, level, reasons, created_at, follow_up_due_date, callback_at,
      callback_note, change)
    select ${hallId}, r.id, 'service', r.level,
      case when r.level <= 2 then array['效率'] else '{}'::text[] end, r.at,
      case when r.level <= 2 then (r.at at time zone 'Asia/Shanghai')::date + 21 end,
      case when r.level <= 2 and r.id % 4 <> 0 then r.at + interval '7 days' end,
      case when r.level <= 2 and r.id % 4 <> 0 then '已回访' end,
      case when r.level <= 2 and r.id % 4 <> 0 then '已整改' end
    from (
      select c.id, c.accepted_at + interval '20 minutes' as at,
        (array[5, 5, 5, 4, 5, 4, 3, 5, 5, 2, 5, 4, 5, 5, 1, 5])[1 + (c.id * 7) % 16] as level
      from cases c where c.hall_id = ${hallId} and c.applicant_name = '基准' and c.id % 3 = 0 and c.status <> 'not_accepted'
    ) r`);
}

export { hallCodes };
