import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/connection";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";

/**
 * Count one attempt against `limit` per minute for `key` (a fixed window kept in the database, so
 * every app instance shares it). Over the limit: 429 with the seconds to wait. `limit` 0 is off.
 * `onFirstRefusal` runs once per window, for the first attempt over the limit (one audit line
 * for a burst rather than one per attempt).
 */
export async function consumeRateLimit(input: { key: string; limit: number; onFirstRefusal?: () => Promise<void> }) {
  if (input.limit <= 0) return;
  const db = await getDb();
  const [row] = rowsOf<{ count: number; retry: number }>(
    await db.execute(sql`
      insert into rate_limits (key, window_start, count) values (${input.key}, date_trunc('minute', now()), 1)
      on conflict (key, window_start) do update set count = rate_limits.count + 1
      returning count, ceil(extract(epoch from date_trunc('minute', now()) + interval '1 minute' - now()))::int as retry`),
  );
  if (row.count > input.limit) {
    if (row.count === input.limit + 1) await input.onFirstRefusal?.();
    throw new AppError("rate_limited", `操作过于频繁，请 ${row.retry} 秒后再试`, undefined, { retryAfter: row.retry });
  }
}

/** Old windows and quiet sign-in counts are of no use; the background job removes them. */
export async function pruneRateLimits() {
  const db = await getDb();
  await db.execute(sql`delete from rate_limits where window_start < now() - interval '10 minutes'`);
  // A name's sign-in failures are forgotten after a quiet day (its wait is over long before).
  await db.execute(
    sql`delete from login_throttles where updated_at < now() - interval '1 day' and (blocked_until is null or blocked_until < now())`,
  );
}

/** At most RATE_LIMIT_PER_MINUTE attempts per client address and bucket. */
export async function limitClient(source: { headers: Headers }, bucket: "booking" | "lookup") {
  await consumeRateLimit({ key: `${bucket}:${clientAddress(source)}`, limit: env().RATE_LIMIT_PER_MINUTE });
}
