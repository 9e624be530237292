import "server-only";
import { and, between, eq, gte, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/connection";
import { serviceSessions, slots, villages, villageVisits, type Channel } from "@/db/schema";
import { bookingWindow, getBookableItem, slotOffersItem, type SlotView } from "@/lib/booking/bookable-item";
import { TIME_ZONE } from "@/lib/time";

export interface AvailabilityQuery {
  hallId: number;
  service: string;
  from: string;
  to: string;
  channel?: Channel;
  village?: string;
}

const NO_SLOTS = '{"slots":[]}';

/** `HH:mm` in Asia/Shanghai, whatever the session's time zone (a pooling proxy may not keep it). */
const shanghaiClock = (column: SQLWrapper) =>
  sql`to_char(${column} at time zone ${sql.raw(`'${TIME_ZONE}'`)}, 'HH24:MI')`;

/** A text value as a JSON string (quoted and escaped by PostgreSQL). */
const jsonString = (column: SQLWrapper) => sql`to_json(${column})`;

/**
 * One slot as SlotView, printed as JSON.stringify prints it: keys in SlotView's order, no spaces,
 * the village keys only on a village slot (they are null on the others, from the left joins;
 * concat skips a null). Printed by hand rather than with json_build_object, which puts spaces
 * around ":" and needs json_strip_nulls (a reparse) for the village keys: that cost PostgreSQL
 * twice the CPU per slot. Every other field is NOT NULL.
 */
const slotJson = sql`concat(
  '{"id":', ${slots.id},
  ',"channel":', ${jsonString(serviceSessions.channel)},
  ',"date":"', to_char(${serviceSessions.date}, 'YYYY-MM-DD'),
  '","start":"', ${shanghaiClock(slots.startsAt)},
  '","end":"', ${shanghaiClock(slots.endsAt)},
  '","location":', ${jsonString(serviceSessions.location)},
  case when ${villages.code} is not null then concat(
    ',"villageId":', ${jsonString(villages.code)},
    ',"villageName":', ${jsonString(villages.name)},
    ',"theme":', ${jsonString(villageVisits.theme)}
  ) end,
  ',"capacity":', ${slots.onlineCapacity},
  ',"remaining":', greatest(0, ${slots.onlineCapacity} - ${slots.booked}),
  '}'
)`;

/**
 * The availability answer `{ "slots": [SlotView…] }` as JSON text, built by the database in one
 * statement: no row objects, dates or per-slot work in JavaScript (issue 14). The API sends it as
 * it is; listAvailability parses it for the pages. Slots that offer the item between two dates,
 * within the booking window, by start time, with their remaining online seats (full ones included
 * with remaining 0, so that a villager can join the waitlist).
 */
export async function listAvailabilityJson(input: AvailabilityQuery): Promise<string> {
  const db = await getDb();
  const item = await getBookableItem(db, { hallId: input.hallId, code: input.service });
  const window = bookingWindow();
  const from = input.from < window.today ? window.today : input.from;
  const to = input.to > window.lastDate ? window.lastDate : input.to;
  if (from > to) return NO_SLOTS;
  // A made answer is kept with the database snapshot it was made in, until the snapshot moves on
  // (anything committed, by any instance) or the minimum notice passes its first slot; see
  // `answers` below and decision 012.
  const key = JSON.stringify([input.hallId, item.id, from, to, input.channel ?? null, input.village ?? null]);
  const kept = answers.get(key);
  const earliest = window.earliest.getTime();
  if (kept && kept.madeFor <= earliest && earliest <= kept.validUntil) {
    const [now] = rowsOf<{ snapshot: string }>(await db.execute(sql`select ${CURRENT_SNAPSHOT} as snapshot`));
    if (now.snapshot === kept.snapshot) return kept.json;
  }
  const filters: SQL[] = [
    eq(slots.hallId, input.hallId),
    between(serviceSessions.date, from, to),
    gte(slots.startsAt, window.earliest),
    slotOffersItem(item),
  ];
  if (input.channel) filters.push(eq(serviceSessions.channel, input.channel));
  if (input.village) filters.push(eq(villages.code, input.village));
  // string_agg with a bare comma, as JSON.stringify joins (json_agg would put ", " between slots).
  const [row] = await db
    .select({
      json: sql<string>`'{"slots":[' || coalesce(string_agg(${slotJson}, ',' order by ${slots.startsAt}, ${slots.id}), '') || ']}'`,
      // The first start in the answer, in ms: the answer holds until the minimum notice passes it.
      first: sql<string | null>`(extract(epoch from min(${slots.startsAt})) * 1000)::bigint::text`,
      // The snapshot this very statement read: the answer holds while the database's is the same.
      snapshot: sql<string>`${CURRENT_SNAPSHOT}`,
    })
    .from(slots)
    .innerJoin(serviceSessions, eq(serviceSessions.id, slots.sessionId))
    .leftJoin(villageVisits, eq(villageVisits.id, serviceSessions.villageVisitId))
    .leftJoin(villages, eq(villages.id, villageVisits.villageId))
    .where(and(...filters));
  if (!kept && answers.size >= MAX_ANSWERS) answers.clear();
  answers.set(key, {
    json: row.json,
    snapshot: row.snapshot,
    madeFor: earliest,
    validUntil: row.first === null ? Number.POSITIVE_INFINITY : Number(row.first),
  });
  return row.json;
}

/**
 * `pg_current_snapshot()` as text, `xmin:xmax:xip,…`: which transactions a statement sees. Any
 * commit of a transaction that wrote something changes it (its id leaves the in-progress list, or
 * xmax moves past it), whichever connection, instance or path wrote; a read-only transaction does
 * not. Two statements with the same snapshot therefore see the same rows.
 */
const CURRENT_SNAPSHOT = sql`pg_current_snapshot()::text`;

/**
 * The last availability answer made for each query (hall, item, dates, channel, village), with
 * the snapshot it was read in. The next request asks the database for its snapshot (one trivial
 * statement) and, when nothing was committed since, sends the kept answer: no list of the paths
 * that change seats or slots is kept, so none can be missed. Time is the one other input: slots
 * starting before now + the minimum notice are left out, so an answer holds only while that
 * moment is at or before its first slot, and not before the moment it was made for (a clock set
 * back); the window's dates are in the key. At most MAX_ANSWERS queries are kept (about 30 KB each).
 */
const answers = new Map<string, { json: string; snapshot: string; madeFor: number; validUntil: number }>();
const MAX_ANSWERS = 500;

/** The same answer as objects, for the pages and the booking days (see listAvailabilityJson). */
export async function listAvailability(input: AvailabilityQuery): Promise<{ slots: SlotView[] }> {
  return JSON.parse(await listAvailabilityJson(input)) as { slots: SlotView[] };
}
