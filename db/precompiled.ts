import { fillPlaceholders, is, sql, type Placeholder, type SQL } from "drizzle-orm";
import { PostgresJsSession } from "drizzle-orm/postgres-js";
import { commitAwaits, isSavepoint } from "@/db/after-commit";
import type { Db, Tx } from "@/db/connection";

interface Built {
  sql: string;
  params: unknown[];
}

/** What drizzle's databases and transactions hold inside (PgDatabase's dialect and session). */
interface Inner {
  dialect: { sqlToQuery(query: SQL): Built };
  session: {
    prepareQuery(
      query: Built,
      fields: undefined,
      name: undefined,
      arrayMode: boolean,
    ): { execute(values: Record<string, unknown>): Promise<unknown> };
  };
}

/** postgres.js's query as its transaction's `unsafe` gives it: `execute()` hands it to the connection. */
interface PostgresJsClient {
  unsafe(query: string, params: unknown[]): { execute(): Promise<unknown> };
}

/**
 * A transaction's last statement, sent: `answer` is what `db.execute` would have answered, or its
 * error. Not a promise itself, so that a transaction's callback can give it back unsettled.
 */
export interface Sent {
  readonly answer: Promise<unknown>;
}

/**
 * A statement whose text drizzle builds once: its values are placeholders (`value("name")`),
 * bound at each run, exactly as `db.execute` runs a statement otherwise. For the hottest
 * statements only (a booking's checks and its seat): building a text walks every chunk of its
 * template, about a tenth of a booking's CPU (issue 14). The answer is what `db.execute` answers
 * (read it with rowsOf).
 *
 * `.last(tx, values)` sends it as the last statement of `tx`'s transaction: the callback gives the
 * `Sent` back at once and reads `answer` once `db.transaction` has resolved. On PostgreSQL the
 * COMMIT then leaves right behind the statement (in the same write unless 1 KB gathered before
 * it: postgres.js then sends what it has), instead of one round trip
 * later (decision 013): the row locks it takes are held only while the database commits, not
 * while this process gets round to the answer. The statement must fail when it changes nothing
 * that the transaction should keep (a failed statement makes PostgreSQL turn that COMMIT into a
 * ROLLBACK); `db.transaction` resolves either way, so read `answer` before trusting the commit
 * (afterCommit's hooks wait for it and are dropped when it failed). postgres.js re-runs a
 * prepared statement the server has lost once the first try's answer is in, that is after the
 * COMMIT, in a transaction of its own: the statement must then refuse to write (bookSeat checks
 * a setting its transaction made). Only in the outermost transaction.
 * On PGlite there is no round trip to save: the statement is awaited inside the callback, and its
 * answer and failure reach `answer` in the same way.
 */
export function precompiled<K extends string>(template: (value: (name: K) => Placeholder<K>) => SQL) {
  let built: Built | undefined;
  const text = (inner: Inner) => (built ??= inner.dialect.sqlToQuery(template((name) => sql.placeholder(name))));
  const run = (tx: Db | Tx, values: Record<K, unknown>): Promise<unknown> => {
    const inner = tx as unknown as Inner;
    return inner.session.prepareQuery(text(inner), undefined, undefined, false).execute(values);
  };
  const last = async (tx: Tx, values: Record<K, unknown>): Promise<Sent> => {
    const inner = tx as unknown as Inner;
    // In a savepoint no COMMIT follows: the statement would be awaited by nobody before the rest.
    if (isSavepoint(tx)) throw new Error("precompiled .last: only in the outermost transaction");
    let answer: Promise<unknown>;
    if (is(inner.session, PostgresJsSession)) {
      const { sql: query, params } = text(inner);
      const client = (inner.session as unknown as { client: PostgresJsClient }).client;
      // execute() gives the query to the transaction's connection one microtask later (postgres.js
      // 3.4's Query.handle); the COMMIT that db.transaction sends once this callback has answered
      // comes many microtasks after, so the connection gets the two in this order.
      answer = client.unsafe(query, fillPlaceholders(params, values)).execute();
      // Read only after the COMMIT: until then its failure must not count as unhandled.
      answer.catch(() => {});
    } else {
      // PGlite: awaited here; a failure is kept for `answer` and, as on PostgreSQL, turns the
      // transaction's COMMIT into a ROLLBACK.
      answer = run(tx, values);
      await answer.catch(() => {});
    }
    commitAwaits(tx, answer);
    return { answer };
  };
  return Object.assign(run, { last });
}
