import { sql, type Placeholder, type SQL } from "drizzle-orm";
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

/**
 * A statement whose text drizzle builds once: its values are placeholders (`value("name")`),
 * bound at each run, exactly as `db.execute` runs a statement otherwise. For the hottest
 * statements only (a booking's checks and its seat): building a text walks every chunk of its
 * template, about a tenth of a booking's CPU (issue 14). The answer is what `db.execute` answers
 * (read it with rowsOf).
 */
export function precompiled<K extends string>(template: (value: (name: K) => Placeholder<K>) => SQL) {
  let built: Built | undefined;
  return (tx: Db | Tx, values: Record<K, unknown>): Promise<unknown> => {
    const inner = tx as unknown as Inner;
    built ??= inner.dialect.sqlToQuery(template((name) => sql.placeholder(name)));
    return inner.session.prepareQuery(built, undefined, undefined, false).execute(values);
  };
}
