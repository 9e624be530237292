import "server-only";
import { eq, sql } from "drizzle-orm";
import { rowsOf, type Db, type Tx } from "@/db/connection";
import { windowQueues } from "@/db/schema";

const DEFAULT_SERVICE_MINUTES = 6;

/** Average service minutes of the queue today (recent finished tickets), for wait estimates. */
async function averageServiceMinutes(db: Db | Tx, queueId: number, today: string) {
  const [row] = rowsOf<{ minutes: number | null }>(
    await db.execute(sql`
      select avg(extract(epoch from finished_at - coalesce(started_at, called_at)) / 60)::float8 as minutes
      from (select finished_at, started_at, called_at from tickets
            where queue_id = ${queueId} and service_date = ${today} and status = 'done' and finished_at is not null
            order by finished_at desc limit 20) recent`),
  );
  return row?.minutes && row.minutes > 0 ? row.minutes : DEFAULT_SERVICE_MINUTES;
}

/** Minutes per place in the queue: the recent service time shared by the windows that serve it. */
export async function minutesPerTicket(db: Db | Tx, input: { queueId: number; today: string }) {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(windowQueues)
    .where(eq(windowQueues.queueId, input.queueId));
  const perTicket = await averageServiceMinutes(db, input.queueId, input.today);
  // Two decimals: the public snapshot carries it, and a phone's estimate must equal the server's.
  // At least 0.01, so that a waiting ticket is never promised 0 minutes.
  return Math.max(0.01, Math.round((perTicket / Math.max(1, n)) * 100) / 100);
}

/** The wait of a ticket with `ahead` tickets before it, in whole minutes. */
export async function estimate(db: Db | Tx, input: { queueId: number; today: string; ahead: number }) {
  return Math.ceil((input.ahead + 1) * (await minutesPerTicket(db, input)));
}

/** How many waiting tickets of the queue would be called before this one (the order of lib/queue/order.ts). */
export async function countAhead(
  db: Db | Tx,
  ticket: { id: number; queueId: number; priority: number; seq: number; serviceDate: string },
) {
  const [{ n }] = rowsOf<{ n: number }>(
    await db.execute(sql`
      select count(*)::int as n from tickets
      where queue_id = ${ticket.queueId} and service_date = ${ticket.serviceDate} and status = 'waiting' and id <> ${ticket.id}
        and (priority > ${ticket.priority}
             or (priority = ${ticket.priority} and (seq < ${ticket.seq} or (seq = ${ticket.seq} and id < ${ticket.id}))))`),
  );
  return n;
}
