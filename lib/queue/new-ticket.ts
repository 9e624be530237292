import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/connection";
import { tickets } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { publishQueueEvent } from "@/lib/queue/events";
import type { IssuedTicket } from "@/lib/queue/types";
import { countAhead, estimate } from "@/lib/queue/wait-estimate";

const TICKET_LOCK_NAMESPACE = 7_311_004;

/**
 * A new number of the queue for today (numbers restart every day and stop at the daily cap),
 * announced to the screens, with how many are ahead of it and the estimated wait: the one path
 * of a walk-in ticket and of a checked-in booking.
 */
export async function issueNumber(
  tx: Tx,
  input: {
    actor: Actor;
    queue: { id: number; prefix: string; name: string; dailyCap: number };
    source: "walk_in" | "booking";
    bookingId?: number;
    serviceItemId?: number;
    priority: number;
    isGreenChannel: boolean;
    today: string;
  },
): Promise<IssuedTicket> {
  const { actor, queue, today } = input;
  await tx.execute(sql`select pg_advisory_xact_lock(${TICKET_LOCK_NAMESPACE}, ${queue.id})`);
  const [{ last }] = await tx
    .select({ last: sql<number>`coalesce(max(${tickets.seq}), 0)::int` })
    .from(tickets)
    .where(and(eq(tickets.issuedQueueId, queue.id), eq(tickets.serviceDate, today)));
  const seq = last + 1;
  if (seq > queue.dailyCap)
    throw new AppError(
      "conflict",
      `今日 ${queue.prefix} 号已发完（每日 ${queue.dailyCap} 个），请明天再来或咨询工作人员`,
    );
  const [created] = await tx
    .insert(tickets)
    .values({
      hallId: actor.hallId,
      queueId: queue.id,
      issuedQueueId: queue.id,
      serviceDate: today,
      seq,
      number: `${queue.prefix}${String(seq).padStart(3, "0")}`,
      source: input.source,
      bookingId: input.bookingId ?? null,
      serviceItemId: input.serviceItemId ?? null,
      priority: input.priority,
      isGreenChannel: input.isGreenChannel,
    })
    .returning({ id: tickets.id, number: tickets.number, seq: tickets.seq, priority: tickets.priority });
  await publishQueueEvent(tx, {
    hallId: actor.hallId,
    kind: input.source === "booking" ? "checked_in" : "issued",
    ticketId: created.id,
    ticketNumber: created.number,
    actorId: actor.id,
  });
  const ahead = await countAhead(tx, {
    id: created.id,
    queueId: queue.id,
    priority: created.priority,
    seq: created.seq,
    serviceDate: today,
  });
  return {
    id: created.id,
    number: created.number,
    queue: queue.prefix,
    queueName: queue.name,
    ahead,
    estimatedMinutes: await estimate(tx, { queueId: queue.id, today, ahead }),
  };
}
