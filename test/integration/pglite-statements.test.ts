import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectPglite, rowsOf, type Database } from "@/db/connection";

// On PGlite each statement text is prepared once as a named statement and then only bound and
// executed (db/pglite-statements.ts, decision 012). These tests open a PGlite of their own, so they
// run the same in the PostgreSQL project.

let database: Extract<Database, { kind: "pglite" }>;

beforeAll(async () => {
  database = (await connectPglite(undefined)) as typeof database;
  await database.db.execute(sql`create table statement_probe (id serial primary key, who text not null)`);
});

afterAll(async () => {
  await database?.close();
});

/** The statements prepared in the backend now, by their text. */
async function prepared(): Promise<string[]> {
  const rows = rowsOf<{ statement: string }>(
    await database.client.query("select statement from pg_prepared_statements order by statement"),
  );
  return rows.map((row) => row.statement);
}

const probe = (who: string) =>
  database.db.execute(sql`select count(*)::int as n from statement_probe where who = ${who}`);

describe("statements on PGlite", () => {
  it("prepares a text once, however often and with whatever values it runs", async () => {
    const text = "select count(*)::int as n from statement_probe where who = $1";
    for (let i = 0; i < 12; i++)
      await database.db.execute(sql`insert into statement_probe (who) values (${`p${i % 3}`})`);
    for (let i = 0; i < 12; i++) expect(rowsOf<{ n: number }>(await probe(`p${i % 3}`))[0].n).toBe(4);
    expect((await prepared()).filter((statement) => statement === text)).toHaveLength(1);
  });

  it("answers with the new shape after the schema changes, and closes what it had prepared", async () => {
    const all = () => database.db.execute(sql`select * from statement_probe order by id limit 1`);
    expect(Object.keys(rowsOf<Record<string, unknown>>(await all())[0])).toEqual(["id", "who"]);
    expect((await prepared()).length).toBeGreaterThan(1);
    // Through the same path as every statement: a prepared `select *` would now fail with
    // "cached plan must not change result type" had it been kept.
    await database.db.execute(sql`alter table statement_probe add column village text not null default '千川'`);
    expect(rowsOf<Record<string, unknown>>(await all())[0]).toMatchObject({ who: "p0", village: "千川" });
    expect(await prepared()).toEqual(["select * from statement_probe order by id limit 1"]);
  });

  it("keeps nothing of a statement the backend refused, and the next one runs", async () => {
    const before = await prepared();
    await expect(database.db.execute(sql`select nosuchcolumn from statement_probe`)).rejects.toThrow(/nosuchcolumn/);
    expect(await prepared()).toEqual(before);
    expect(rowsOf<{ n: number }>(await probe("p1"))[0].n).toBe(4);
  });

  it("serialises each value by the type the backend inferred", async () => {
    const [row] = rowsOf<{ at: Date; n: number; j: unknown; t: string }>(
      await database.db.execute(
        sql`select ${new Date("2026-11-27T08:00:00Z")}::timestamptz as at, ${41}::int + 1 as n, ${JSON.stringify({ a: [1, "二"] })}::jsonb as j, ${"it's"}::text as t`,
      ),
    );
    expect(new Date(row.at).toISOString()).toBe("2026-11-27T08:00:00.000Z");
    expect(row).toMatchObject({ n: 42, j: { a: [1, "二"] }, t: "it's" });
  });
});
