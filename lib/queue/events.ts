import "server-only";
import { sql } from "drizzle-orm";
import { getDatabase } from "@/db/client";
import type { Tx } from "@/db/connection";
import { queueEvents } from "@/db/schema";

// Live updates: every queue change inserts a queue_events row and pg_notify()s in the same
// transaction. Each app instance LISTENs once (PostgreSQL, or PGlite inside its one process) and
// tells its open streams, which then send the current state. Nothing is kept between requests.

export const QUEUE_CHANNEL = "yichuang_queue";

export interface QueueEventInput {
  hallId: number;
  kind:
    | "issued"
    | "checked_in"
    | "called"
    | "recalled"
    | "started"
    | "finished"
    | "no_show"
    | "parked"
    | "unparked"
    | "transferred";
  ticketId: number;
  ticketNumber: string;
  windowNumber?: number | null;
  actorId?: number | null;
  note?: string | null;
}

export async function publishQueueEvent(tx: Tx, input: QueueEventInput) {
  const [row] = await tx
    .insert(queueEvents)
    .values({
      hallId: input.hallId,
      kind: input.kind,
      ticketId: input.ticketId,
      ticketNumber: input.ticketNumber,
      windowNumber: input.windowNumber ?? null,
      actorId: input.actorId ?? null,
      note: input.note ?? null,
    })
    .returning({ id: queueEvents.id });
  await tx.execute(sql`select pg_notify(${QUEUE_CHANNEL}, ${String(input.hallId)})`);
  return row.id;
}

/** A hall's id, or `null` when changes may have been missed (the LISTEN connection was re-made). */
type Listener = (hallId: number | null) => void;
const holder = globalThis as typeof globalThis & {
  __yichuangQueueListeners?: Set<Listener>;
  __yichuangQueueListening?: Promise<void>;
};

function fanOut(payload: string | undefined) {
  const hallId = Number(payload);
  if (!Number.isInteger(hallId)) return;
  for (const listener of holder.__yichuangQueueListeners ?? []) listener(hallId);
}

async function listen() {
  const database = await getDatabase();
  if (database.kind === "pglite") {
    await database.client.listen(QUEUE_CHANNEL, fanOut);
    return;
  }
  // postgres.js keeps a dedicated connection for LISTEN and re-subscribes after a reconnect; the
  // NOTIFYs sent while it was away are lost, so every listener is told to resync then.
  let isFirst = true;
  await database.client.listen(QUEUE_CHANNEL, fanOut, () => {
    if (isFirst) {
      isFirst = false;
      return;
    }
    for (const listener of holder.__yichuangQueueListeners ?? []) listener(null);
  });
}

/** Be told (with the hall's id) whenever any instance changes a queue. */
export async function subscribeQueueChanges(listener: Listener): Promise<() => void> {
  holder.__yichuangQueueListeners ??= new Set();
  holder.__yichuangQueueListening ??= listen().catch((error: unknown) => {
    holder.__yichuangQueueListening = undefined;
    throw error;
  });
  await holder.__yichuangQueueListening;
  holder.__yichuangQueueListeners.add(listener);
  return () => holder.__yichuangQueueListeners?.delete(listener);
}

/**
 * The hall's queue settings changed (a window's queues or its day off, a queue's name or cap, the
 * TV's notice): one `settings` event and a NOTIFY in the caller's transaction, so that every
 * instance's kiosks and TVs get the new state once it is committed — as for a ticket.
 */
export async function publishHallChange(tx: Tx, input: { hallId: number; actorId: number; note: string }) {
  const [row] = await tx
    .insert(queueEvents)
    .values({ hallId: input.hallId, kind: "settings", actorId: input.actorId, note: input.note })
    .returning({ id: queueEvents.id });
  await tx.execute(sql`select pg_notify(${QUEUE_CHANNEL}, ${String(input.hallId)})`);
  return row.id;
}
