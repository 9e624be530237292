import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectPglite, rowsOf, type Database } from "@/db/connection";
import { inRequestOrder } from "@/db/pglite-queue";

// The embedded database's one connection is served in the order requests first asked for it
// (db/pglite-queue.ts, decision 008). These tests read the order in which statements finished, never
// the clock. They open a PGlite of their own (the queue is PGlite's alone), so they run the same in
// the PostgreSQL project.

let database: Database;
const log: string[] = [];

beforeAll(async () => {
  database = await connectPglite(undefined);
  await database.db.execute(sql`create table queue_probe (id serial primary key, who text not null)`);
});

afterAll(async () => {
  await database?.close();
});

/** A short statement of `who`; its name goes into the log when it has finished. */
async function statement(who: string) {
  await database.db.execute(sql`select count(*) from queue_probe where who = ${who}`);
  log.push(who);
}

/** A request of `count` statements one after the other, as a route handler makes them. */
function request(name: string, count: number) {
  return inRequestOrder(async () => {
    for (let i = 1; i <= count; i++) await statement(`${name}.${i}`);
  });
}

const finished = (name: string) => log.findLastIndex((who) => who.startsWith(`${name}.`));
const begun = (name: string) => log.findIndex((who) => who.startsWith(`${name}.`));

describe("the PGlite queue", () => {
  it("runs nothing inside an open transaction, and then serves requests in the order they asked", async () => {
    log.length = 0;
    let others: Promise<void>[] = [];
    let seenInside = -1;
    const long = inRequestOrder(() =>
      database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into queue_probe (who) values ('long')`);
        log.push("long.begin");
        // Twenty requests of three statements each ask while the transaction holds the connection.
        others = Array.from({ length: 20 }, (_, i) => request(`r${i}`, 3));
        for (let i = 0; i < 30; i++) {
          await tx.execute(sql`select count(*) from queue_probe`);
          // Give the others every chance to slip in between the transaction's statements.
          await new Promise((resolve) => setImmediate(resolve));
        }
        const [row] = rowsOf<{ n: number }>(
          await tx.execute(sql`select count(*)::int as n from queue_probe where who = 'long'`),
        );
        seenInside = row.n;
        log.push("long.commit");
      }),
    );
    await long;
    await Promise.all(others);

    expect(seenInside).toBe(1);
    // Nothing of the others ran between the transaction's first and last statement.
    expect(log.indexOf("long.commit")).toBe(log.indexOf("long.begin") + 1);
    expect(begun("r0")).toBeGreaterThan(log.indexOf("long.commit"));
    // Each request finished before the next one began: none waited behind a request that asked
    // after it, and they finished in the order they asked.
    for (let i = 1; i < 20; i++) expect(begun(`r${i}`)).toBe(finished(`r${i - 1}`) + 1);
    expect(log).toHaveLength(2 + 20 * 3);
  });

  it("lets a request that asked first finish before requests that asked after it, whatever their number", async () => {
    log.length = 0;
    // The first request's statements keep their place: the 40 requests that ask after its first
    // statement, and queue before its second, still wait behind all of it.
    const first = inRequestOrder(async () => {
      await statement("first.1");
      const later = Array.from({ length: 40 }, (_, i) => request(`late${i}`, 1));
      await new Promise((resolve) => setImmediate(resolve));
      for (let i = 2; i <= 5; i++) await statement(`first.${i}`);
      await Promise.all(later);
    });
    await first;
    expect(log.slice(0, 5)).toEqual(["first.1", "first.2", "first.3", "first.4", "first.5"]);
    expect(log.slice(5)).toEqual(Array.from({ length: 40 }, (_, i) => `late${i}.1`));
  });

  it("serves statements outside any request in the order they came", async () => {
    log.length = 0;
    await Promise.all(Array.from({ length: 10 }, (_, i) => statement(`plain${i}`)));
    expect(log).toEqual(Array.from({ length: 10 }, (_, i) => `plain${i}`));
  });

  it("refuses the outer database inside a transaction instead of waiting for ever", async () => {
    const outcome = inRequestOrder(() =>
      database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into queue_probe (who) values ('outer')`);
        await database.db.execute(sql`select 1`);
      }),
    );
    // drizzle wraps the refusal as the statement's failure, with the refusal as its cause.
    const error = await outcome.catch((caught: unknown) => caught);
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(((error as Error).cause as Error).message).toMatch(/use the transaction's `tx`/);
    // The transaction rolled back, and the connection serves the next request.
    const [row] = rowsOf<{ n: number }>(
      await database.db.execute(sql`select count(*)::int as n from queue_probe where who = 'outer'`),
    );
    expect(row.n).toBe(0);
  });

  it("gives statements of one transaction started together each its own answer, and rolls all back on an error", async () => {
    await database.db.execute(sql`create table if not exists queue_pairs (n int primary key, square int not null)`);
    await database.db.execute(
      sql`insert into queue_pairs select g, g * g from generate_series(1, 20) g on conflict do nothing`,
    );
    const answers = await inRequestOrder(() =>
      database.db.transaction((tx) =>
        Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            i % 2 === 0
              ? tx.execute(sql`select square from queue_pairs where n = ${i + 1}`)
              : tx.execute(sql`select ${i + 1}::int * ${i + 1}::int as square, 'computed' as how`),
          ),
        ),
      ),
    );
    expect(answers.map((result) => rowsOf<{ square: number }>(result)[0]?.square)).toEqual(
      Array.from({ length: 20 }, (_, i) => (i + 1) * (i + 1)),
    );
    // One statement of several fails: the transaction rolls back whole, after the others.
    const failed = await inRequestOrder(() =>
      database.db.transaction((tx) =>
        Promise.all([
          tx.execute(sql`update queue_pairs set square = 0 where n = 1`),
          tx.execute(sql`insert into queue_pairs values (2, 0)`),
          tx.execute(sql`update queue_pairs set square = 0 where n = 3`),
        ]),
      ),
    ).catch((caught: unknown) => caught);
    expect(failed).toBeInstanceOf(Error);
    const squares = rowsOf<{ square: number }>(
      await database.db.execute(sql`select square from queue_pairs where n <= 3 order by n`),
    );
    expect(squares.map((row) => row.square)).toEqual([1, 4, 9]);
  });
});
