import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "@/db/client";
import { connectPostgres, rowsOf, type Database } from "@/db/connection";
import { afterCommit } from "@/db/after-commit";
import { databaseErrorNames } from "@/db/errors";
import { precompiled, type Sent } from "@/db/precompiled";

// What a transaction promises, through drizzle and the prepared-statement view of postgres.js
// (db/connection.ts) or PGlite's queue: commit, rollback after a failed statement or callback, a
// nested rollback alone, and every connection given back clean, on a pool small enough (two) that
// a connection given back inside a transaction would show. A custom BEGIN sent with the first
// statement was tried and removed (decision 012): this test held for it, a lost connection did not.
// A last statement sent with its COMMIT (precompiled's `.last`, decision 013) is tested here too.

let database: Database;
let own: Database | null = null;

beforeAll(async () => {
  const shared = await getDatabase();
  own = shared.kind === "postgres" ? connectPostgres(shared.url, 2) : null;
  database = own ?? shared;
  await database.db.execute(sql`create table if not exists tx_probe (id serial primary key, who text not null)`);
  await database.db.execute(sql`truncate tx_probe`);
});

afterAll(async () => {
  await database.db.execute(sql`drop table if exists tx_probe`);
  await own?.close();
});

const count = async (who: string) =>
  rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from tx_probe where who = ${who}`))[0]
    .n;

describe("transactions", () => {
  it("commit what they wrote, and keep nothing when a statement or the callback fails", async () => {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into tx_probe (who) values ('kept')`);
    });
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into tx_probe (who) values ('gone')`);
        await tx.execute(sql`select 1 / 0`);
      }),
    ).rejects.toThrow(/select 1 \/ 0/);
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into tx_probe (who) values ('gone')`);
        throw new Error("refused by the rules");
      }),
    ).rejects.toThrow("refused by the rules");
    expect(await count("kept")).toBe(1);
    expect(await count("gone")).toBe(0);
    // The connections went back clean: no transaction left open on them.
    for (let i = 0; i < 4; i++) {
      const [row] = rowsOf<{ open: boolean }>(
        await database.db.execute(sql`select pg_current_xact_id_if_assigned() is not null as open`),
      );
      expect(row.open).toBe(false);
    }
  });

  it("undo a nested transaction alone, and keep the outer one", async () => {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into tx_probe (who) values ('outer')`);
      await expect(
        tx.transaction(async (inner) => {
          await inner.execute(sql`insert into tx_probe (who) values ('inner')`);
          throw new Error("inner refused");
        }),
      ).rejects.toThrow("inner refused");
      await tx.transaction(async (inner) => {
        await inner.execute(sql`insert into tx_probe (who) values ('inner-kept')`);
      });
    });
    expect([await count("outer"), await count("inner"), await count("inner-kept")]).toEqual([1, 0, 1]);
  });

  it("queue for the pool's connections: forty at once on two, half of them failing, all answered", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        database.db.transaction(async (tx) => {
          await tx.execute(sql`insert into tx_probe (who) values (${`many-${i % 2}`})`);
          if (i % 2) throw new Error(`refused ${i}`);
        }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(20);
    expect([await count("many-0"), await count("many-1")]).toEqual([20, 0]);
  });

  // The probe's last statement: one row for `who`, or with fail = true an error (22012) instead.
  const lastInsert = precompiled<"who" | "fail">(
    (value) =>
      sql`insert into tx_probe (who) select ${value("who")}::text where 1 / (case when ${value("fail")}::boolean then 0 else 1 end) = 1 returning who`,
  );
  const slowLast = precompiled<"who" | "fail" | "sleep">(
    (value) =>
      sql`insert into tx_probe (who) select ${value("who")}::text from pg_sleep(${value("sleep")}::float8) where 1 / (case when ${value("fail")}::boolean then 0 else 1 end) = 1`,
  );
  const inTransactionThenLast = (who: string, fail: boolean) =>
    database.db.transaction(async (tx): Promise<Sent> => {
      await tx.execute(sql`insert into tx_probe (who) values (${`${who}-before`})`);
      return lastInsert.last(tx, { who, fail });
    });

  it("send a last statement with the COMMIT: kept with all before it, or its failure undoes all of it and reaches its answer", async () => {
    const kept = await inTransactionThenLast("last-kept", false);
    expect(rowsOf<{ who: string }>(await kept.answer)).toEqual([{ who: "last-kept" }]);
    expect([await count("last-kept-before"), await count("last-kept")]).toEqual([1, 1]);

    // db.transaction resolves (its COMMIT became a ROLLBACK); the answer carries the error.
    const failed = await inTransactionThenLast("last-gone", true);
    const error = await failed.answer.then(
      () => null,
      (e: unknown) => e,
    );
    expect(databaseErrorNames(error)?.code).toBe("22012");
    expect([await count("last-gone-before"), await count("last-gone")]).toEqual([0, 0]);
    for (let i = 0; i < 4; i++) {
      const [row] = rowsOf<{ open: boolean }>(
        await database.db.execute(sql`select pg_current_xact_id_if_assigned() is not null as open`),
      );
      expect(row.open).toBe(false);
    }
  });

  it("send last statements with their COMMITs forty at once on two connections, half failing: each answered, none half-kept", async () => {
    const sent = await Promise.all(
      Array.from({ length: 40 }, (_, i) => inTransactionThenLast(`race-${i % 2}`, i % 2 === 1)),
    );
    const answers = await Promise.allSettled(sent.map((s) => s.answer));
    expect(answers.map((a) => a.status)).toEqual(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? "rejected" : "fulfilled")),
    );
    expect([
      await count("race-0-before"),
      await count("race-0"),
      await count("race-1-before"),
      await count("race-1"),
    ]).toEqual([20, 20, 0, 0]);
  });

  it("run a transaction's after-commit hooks only when its last statement, sent with the COMMIT, succeeded", async () => {
    const ran: string[] = [];
    for (const fail of [false, true]) {
      const sent = await database.db.transaction(async (tx): Promise<Sent> => {
        afterCommit(tx, () => ran.push(fail ? "rolled back" : "committed"));
        return lastInsert.last(tx, { who: "hooked", fail });
      });
      await sent.answer.catch(() => {});
    }
    expect(ran).toEqual(["committed"]);
  });

  it("refuse a last statement in a savepoint, where no COMMIT follows", async () => {
    await expect(
      database.db.transaction((tx) =>
        tx.transaction((inner) => lastInsert.last(inner, { who: "nested", fail: false })),
      ),
    ).rejects.toThrow(/outermost/);
    expect(await count("nested")).toBe(0);
  });

  it("fail, not hang, when the connection is lost while the last statement runs", async () => {
    // A pool of its own, closed at the end: postgres.js 3.4.9 gives the next statement on a
    // connection that was ended mid-statement that statement's error (57P01) once more.
    const lone = database.kind === "postgres" ? connectPostgres(database.url, 1) : null;
    const target = lone?.db ?? database.db;
    let pid: number | null = null;
    const outcome = target.transaction(async (tx): Promise<Sent> => {
      await tx.execute(sql`insert into tx_probe (who) values ('lost-before')`);
      if (lone) pid = rowsOf<{ pid: number }>(await tx.execute(sql`select pg_backend_pid() as pid`))[0].pid;
      // PGlite has no connection to lose: its last statement fails instead.
      return slowLast.last(tx, { who: "lost", fail: !lone, sleep: 1 });
    });
    const settled = Promise.race([
      outcome.then(
        (s) =>
          s.answer.then(
            () => "kept",
            () => "failed",
          ),
        () => "failed",
      ),
      new Promise((resolve) => setTimeout(() => resolve("hung"), 10_000)),
    ]);
    if (lone) {
      // While the last statement sleeps with the COMMIT queued behind it: its backend ended.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(pid).not.toBeNull();
      await database.db.execute(sql`select pg_terminate_backend(${pid})`);
    }
    expect(await settled).toBe("failed");
    await lone?.close();
    expect([await count("lost-before"), await count("lost")]).toEqual([0, 0]);
  });
});
