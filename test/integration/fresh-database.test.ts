import { and, eq, gt, gte, is, lt, sql } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import * as schema from "@/db/schema";
import { afterAll, describe, expect, it } from "vitest";
import { connectPglite, connectPostgres, rowsOf, type Database } from "@/db/connection";
import { applyMigrations, prepareDatabase } from "@/db/prepare";
import { appMeta, auditLog, bookings, cases, halls, serviceItems, slots, staffUsers } from "@/db/schema";
import { DEMO_ACCOUNTS, ensureInitialAdmin, loadCatalogue, SECOND_DEMO_HALL, seedDatabase } from "@/lib/demo";
import { env } from "@/lib/env";
import { atShanghai, shanghaiDate } from "@/lib/time";
import { createThrowawayDatabase } from "../support/postgres";

// This file starts from an empty database of the suite's kind, not from the shared template.
const isPostgres = process.env.TEST_DB_KIND === "postgres";
let drop: (() => Promise<void>) | undefined;

async function emptyDatabase(): Promise<Database> {
  if (!isPostgres) return connectPglite(undefined);
  const created = await createThrowawayDatabase("fresh");
  drop = created.drop;
  return connectPostgres(created.url, 10);
}

const database = await emptyDatabase();
const db = database.db;

afterAll(async () => {
  await database.close();
  await drop?.();
});

const hallCode = env().HALL_CODE;
const seed = (demo: boolean) => (target: typeof db) => seedDatabase(target, { hallCode, demo });

const tableCount = async () =>
  rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from information_schema.tables where table_schema = 'public'`),
  )[0].n;

describe(`an empty ${database.kind} database`, () => {
  it("takes every migration cleanly, and a second run applies nothing", async () => {
    expect(await tableCount()).toBe(0);
    const first = await applyMigrations(database.kind, db);
    expect(first.appliedNow).toBeGreaterThanOrEqual(2);
    expect(first.appliedNow).toBe(first.total);
    expect(await tableCount()).toBe(Object.values(schema).filter((v) => is(v, PgTable)).length);
    const second = await applyMigrations(database.kind, db);
    expect(second).toEqual({ appliedNow: 0, total: first.total });
  });

  it("loads the catalogue exactly once, even when five loaders race", async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => loadCatalogue(db, { hallCode })));
    expect(results.filter((r) => r.loaded)).toHaveLength(1);
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(serviceItems);
    expect(n).toBe(95);
    expect(await loadCatalogue(db, { hallCode })).toEqual({ loaded: false, items: 0 });
    const [{ n: again }] = await db.select({ n: sql<number>`count(*)::int` }).from(serviceItems);
    expect(again).toBe(95);
  });

  it("loads a second hall's catalogue beside the first, once", async () => {
    const second = `h${Date.now().toString(36)}`;
    const hall = { name: "第二便民服务中心", address: "第二镇1号", phone: "0571-00000000" };
    expect(await loadCatalogue(db, { hallCode: second, hall })).toEqual({ loaded: true, items: 95 });
    expect(await loadCatalogue(db, { hallCode: second, hall })).toEqual({ loaded: false, items: 0 });
    const [row] = await db.select({ id: halls.id }).from(halls).where(eq(halls.code, second));
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(serviceItems)
      .where(eq(serviceItems.hallId, row.id));
    expect(n).toBe(95);
  });

  // The whole year goes through the domain's batch operations: allow for a loaded 2-core machine.
  it(
    "loads a believable demo year once: about 7,000 cases with seasons, staff, bookings; and the district's second town",
    { timeout: 400_000 },
    async () => {
      await prepareDatabase(database, { quiet: true, seed: seed(true) });
      const year = Number(shanghaiDate().slice(0, 4)) - 1;
      const hallRows = await db.select({ id: halls.id, code: halls.code, prefix: halls.casePrefix }).from(halls);
      const first = hallRows.find((h) => h.code === hallCode)!;
      const second = hallRows.find((h) => h.code === SECOND_DEMO_HALL.code)!;
      expect(second.prefix).toBe("YQ");
      const inYear = and(
        eq(cases.hallId, first.id),
        gte(cases.acceptedAt, atShanghai(`${year}-01-01`, "00:00")),
        lt(cases.acceptedAt, atShanghai(`${year + 1}-01-01`, "00:00")),
      );
      const months = await db
        .select({
          month: sql<number>`extract(month from ${cases.acceptedAt} at time zone 'Asia/Shanghai')::int`,
          n: sql<number>`count(*)::int`,
        })
        .from(cases)
        .where(inYear)
        .groupBy(sql`1`)
        .orderBy(sql`1`);
      const total = months.reduce((s, m) => s + m.n, 0);
      expect(total).toBeGreaterThan(6500);
      expect(total).toBeLessThan(7500);
      expect(months).toHaveLength(12);
      const byMonth = new Map(months.map((m) => [m.month, m.n]));
      expect(byMonth.get(2)!).toBeLessThan(byMonth.get(12)!);
      const channels = await db
        .select({ channel: cases.channel, n: sql<number>`count(*)::int` })
        .from(cases)
        .groupBy(cases.channel);
      expect(channels.map((c) => c.channel).sort()).toEqual(["village", "weekend", "window"]);
      // Every village day's case names its village, and the Tuesdays go round the villages.
      const villageCases = await db
        .select({ villageId: cases.villageId, n: sql<number>`count(*)::int` })
        .from(cases)
        .where(and(eq(cases.hallId, first.id), eq(cases.channel, "village")))
        .groupBy(cases.villageId);
      expect(villageCases.filter((v) => v.villageId === null)).toEqual([]);
      expect(villageCases.length).toBeGreaterThan(5);

      // This year so far (1 January to yesterday) beside last year: the manager's 同比 has both sides.
      const today = shanghaiDate();
      const [soFar] = await db
        .select({ n: sql<number>`count(*)::int`, decided: sql<number>`count(${cases.decidedAt})::int` })
        .from(cases)
        .where(
          and(
            eq(cases.hallId, first.id),
            gte(cases.acceptedAt, atShanghai(`${year + 1}-01-01`, "00:00")),
            lt(cases.acceptedAt, atShanghai(today, "00:00")),
          ),
        );
      const dayOfYear = (Date.parse(today) - Date.parse(`${year + 1}-01-01`)) / 86_400_000;
      expect(soFar.n).toBeGreaterThanOrEqual(Math.floor(6500 * (dayOfYear / 365) * 0.85));
      expect(soFar.n).toBeLessThan(7500 * (dayOfYear / 365) * 1.15 + 100);
      expect(soFar.decided).toBeGreaterThanOrEqual(Math.floor(soFar.n * 0.8));
      // Nothing happens in the future.
      const [later] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(cases)
        .where(and(eq(cases.hallId, first.id), gt(cases.decidedAt, new Date())));
      expect(later.n).toBe(0);

      // Each town its own staff; the district's account sits in the first hall's row.
      const staff = await db.select({ username: staffUsers.username, hallId: staffUsers.hallId }).from(staffUsers);
      const usernamesOf = (hallId: number) =>
        staff
          .filter((s) => s.hallId === hallId)
          .map((s) => s.username)
          .sort();
      expect(usernamesOf(first.id)).toEqual(DEMO_ACCOUNTS.map((a) => a.username).sort());
      expect(usernamesOf(first.id)).toContain("district");
      expect(usernamesOf(second.id)).toEqual(SECOND_DEMO_HALL.plan.accounts.map((a) => a.username).sort());
      expect(usernamesOf(second.id)).toEqual(expect.arrayContaining(["manager2", "clerk21"]));

      const upcoming = await db
        .select({ phoneEnc: bookings.phoneEnc, phoneMasked: bookings.phoneMasked })
        .from(bookings);
      expect(upcoming.length).toBeGreaterThan(20);
      for (const b of upcoming) {
        expect(b.phoneEnc.startsWith("v2.")).toBe(true);
        expect(b.phoneMasked).toMatch(/^1\d{2}\*{4}\d{4}$/);
      }
      const overfull = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(slots)
        .where(sql`${slots.booked} > ${slots.onlineCapacity}`);
      expect(overfull[0].n).toBe(0);

      // This year's cases were made through the case operations: every state is there, the ones
      // still in work included.
      const open = await db
        .select({ status: cases.status, n: sql<number>`count(*)::int` })
        .from(cases)
        .where(gte(cases.acceptedAt, atShanghai(`${year + 1}-01-01`, "00:00")))
        .groupBy(cases.status);
      expect(open.map((o) => o.status).sort()).toEqual(
        expect.arrayContaining(["accepted", "delivered", "needs_supplement", "processing", "ready"]) as unknown,
      );

      // Last year's cases were written by the domain's operations: the materials snapshot, a rating
      // token hash, an event for every transition, the counter at the highest number, 补正 with its
      // pause, 不予受理, and ratings with reasons and stages.
      for (const hall of [first, second]) {
        const [history] = rowsOf<{
          n: number;
          max_seq: number;
          no_snapshot: number;
          no_token: number;
          last_event_wrong: number;
          not_accepted: number;
          supplemented: number;
          supplement_events: number;
          counter: number;
        }>(
          await db.execute(sql`
        select count(*)::int as n,
          max(right(c.case_no, 6)::int)::int as max_seq,
          count(*) filter (where jsonb_array_length(c.materials_list) = 0)::int as no_snapshot,
          count(*) filter (where c.rating_token_hash is null)::int as no_token,
          count(*) filter (where c.status is distinct from (
            select e.to_status from case_events e where e.case_id = c.id and e.to_status is not null
            order by e.at desc, e.id desc limit 1))::int as last_event_wrong,
          count(*) filter (where c.status = 'not_accepted')::int as not_accepted,
          count(*) filter (where c.supplement_received_at is not null)::int as supplemented,
          (select count(distinct e.case_id) from case_events e join cases c2 on c2.id = e.case_id
            where e.kind = 'supplemented' and c2.case_no like ${`${hall.prefix}${year}%`})::int as supplement_events,
          (select last from case_counters k where k.year = ${year} and k.hall_id = ${hall.id})::int as counter
        from cases c where c.hall_id = ${hall.id} and c.case_no like ${`${hall.prefix}${year}______`}`),
        );
        expect(history.n).toBeGreaterThan(hall === first ? 6500 : 5000);
        expect(history.counter).toBe(history.max_seq);
        expect(history.max_seq).toBe(history.n);
        expect(history.no_snapshot).toBe(0);
        expect(history.no_token).toBe(0);
        expect(history.last_event_wrong).toBe(0);
        expect(history.not_accepted).toBeGreaterThan(0);
        expect(history.supplemented).toBeGreaterThan(0);
        expect(history.supplement_events).toBe(history.supplemented);
        const [promisedPath] = rowsOf<{ n: number }>(
          await db.execute(sql`
        select count(*)::int as n from cases c join service_items i on i.id = c.service_item_id
        where c.case_no like ${`${hall.prefix}${year}______`} and i.kind = 'promised' and c.status = 'delivered'
          and (select count(*) from case_events e where e.case_id = c.id
               and e.kind in ('accepted', 'taken', 'approved', 'rejected', 'ready', 'delivered')) < 5`),
        );
        expect(promisedPath.n).toBe(0);
        const ratings = rowsOf<{ stage: string; poor: number; without_reason: number; open: number }>(
          await db.execute(sql`
        select v.stage, count(*) filter (where v.level <= 2)::int as poor,
          count(*) filter (where v.level <= 2 and cardinality(v.reasons) = 0)::int as without_reason,
          count(*) filter (where v.follow_up_due_date is not null and v.callback_at is null)::int as open
        from evaluations v join cases c on c.id = v.case_id
        where c.case_no like ${`${hall.prefix}${year}______`} group by v.stage order by v.stage`),
        );
        expect(ratings.map((r) => r.stage)).toEqual(["pickup", "service"]);
        expect(ratings.reduce((s, r) => s + r.poor, 0)).toBeGreaterThan(0);
        expect(ratings.every((r) => r.without_reason === 0 && r.open === 0)).toBe(true);
      }
      // A second start changes nothing.
      const before = await db.select({ n: sql<number>`count(*)::int` }).from(cases);
      await prepareDatabase(database, { quiet: true, seed: seed(true) });
      const after = await db.select({ n: sql<number>`count(*)::int` }).from(cases);
      expect(after[0].n).toBe(before[0].n);
      const meta = await db.select().from(appMeta).where(eq(appMeta.key, "demo_loaded"));
      expect(meta).toHaveLength(1);
      const secondMeta = await db.select().from(appMeta).where(eq(appMeta.key, SECOND_DEMO_HALL.plan.key));
      expect(secondMeta).toHaveLength(1);
    },
  );

  it("refuses a second real town without details of its own, or with another town's case prefix, and keeps nothing of the try", async () => {
    const town = `r${Date.now().toString(36)}`;
    // Without HALL_NAME … it would take the demo town's name and its prefix QC, which the first hall holds.
    await expect(loadCatalogue(db, { hallCode: town })).rejects.toThrow(/set HALL_NAME, HALL_ADDRESS and HALL_PHONE/);
    const hall = { name: "第四便民服务中心", address: "第四镇1号", phone: "0571-00000004" };
    await expect(loadCatalogue(db, { hallCode: town, hall: { ...hall, casePrefix: "QC" } })).rejects.toThrow(
      /case-number prefix "QC" is hall "[^"]+"'s: set HALL_CASE_PREFIX/,
    );
    // Neither try left its marker or a hall behind: the next start, with details, loads the town.
    expect(await db.select().from(halls).where(eq(halls.code, town))).toHaveLength(0);
    expect(
      await db
        .select()
        .from(appMeta)
        .where(eq(appMeta.key, `catalogue_loaded:${town}`)),
    ).toHaveLength(0);
    expect(await loadCatalogue(db, { hallCode: town, hall: { ...hall, casePrefix: "DS" } })).toEqual({
      loaded: true,
      items: 95,
    });
    const [row] = await db
      .select({ prefix: halls.casePrefix, name: halls.name })
      .from(halls)
      .where(eq(halls.code, town));
    expect(row).toEqual({ prefix: "DS", name: "第四便民服务中心" });
  });

  it("gives a second town's first start an admin of its own, once", async () => {
    const town = `t${Date.now().toString(36)}`;
    const hall = { name: "第三便民服务中心", address: "第三镇1号", phone: "0571-00000001" };
    await loadCatalogue(db, { hallCode: town, hall });
    const created = await ensureInitialAdmin(db, { hallCode: town });
    expect(created).toMatchObject({ created: true, username: `admin-${town}` });
    expect(await ensureInitialAdmin(db, { hallCode: town })).toEqual({ created: false });
    const [row] = await db
      .select({ hall: halls.code, role: staffUsers.role, mustChange: staffUsers.mustChangePassword })
      .from(staffUsers)
      .innerJoin(halls, eq(halls.id, staffUsers.hallId))
      .where(eq(staffUsers.username, `admin-${town}`));
    expect(row).toEqual({ hall: town, role: "admin", mustChange: true });
  });

  it("keeps the audit log append-only", async () => {
    const [row] = await db
      .insert(auditLog)
      .values({ actorName: "test", action: "probe", objectType: "test", result: "ok" })
      .returning({ id: auditLog.id });
    await expect(db.update(auditLog).set({ result: "failed" }).where(eq(auditLog.id, row.id))).rejects.toThrow();
    await expect(db.delete(auditLog).where(eq(auditLog.id, row.id))).rejects.toThrow();
  });
});

if (isPostgres) {
  describe("two app instances starting at once on one PostgreSQL", () => {
    it("migrate and seed once between them", async () => {
      const created = await createThrowawayDatabase("twin");
      const a = connectPostgres(created.url, 3);
      const b = connectPostgres(created.url, 3);
      try {
        await Promise.all([
          prepareDatabase(a, { quiet: true, seed: seed(false) }),
          prepareDatabase(b, { quiet: true, seed: seed(false) }),
        ]);
        const [{ n }] = await a.db.select({ n: sql<number>`count(*)::int` }).from(serviceItems);
        expect(n).toBe(95);
        const admins = await a.db.select().from(staffUsers).where(eq(staffUsers.role, "admin"));
        expect(admins).toHaveLength(1);
      } finally {
        await a.close();
        await b.close();
        await created.drop();
      }
    });
  });
}
