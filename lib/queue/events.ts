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
  __yichuangCatalogueListeners?: Set<Listener>;
  __yichuangQueueListening?: Promise<void>;
};

// The same channel tells every instance that a hall's catalogue changed (each keeps its bookable
// items in memory, lib/booking/bookable-item.ts): the payload is then `catalogue:<hall id>`, which
// the queue's listeners never see.
const CATALOGUE_PREFIX = "catalogue:";

function fanOut(payload: string | undefined) {
  const isCatalogue = payload?.startsWith(CATALOGUE_PREFIX) ?? false;
  const hallId = Number(isCatalogue ? payload!.slice(CATALOGUE_PREFIX.length) : payload);
  if (!Number.isInteger(hallId)) return;
  const listeners = isCatalogue ? holder.__yichuangCatalogueListeners : holder.__yichuangQueueListeners;
  for (const listener of listeners ?? []) listener(hallId);
}

function resyncAll() {
  for (const listener of holder.__yichuangQueueListeners ?? []) listener(null);
  for (const listener of holder.__yichuangCatalogueListeners ?? []) listener(null);
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
    resyncAll();
  });
}

function ensureListening() {
  holder.__yichuangQueueListening ??= listen().catch((error: unknown) => {
    holder.__yichuangQueueListening = undefined;
    throw error;
  });
  return holder.__yichuangQueueListening;
}

/** Be told (with the hall's id) whenever any instance changes a queue. */
export async function subscribeQueueChanges(listener: Listener): Promise<() => void> {
  holder.__yichuangQueueListeners ??= new Set();
  await ensureListening();
  holder.__yichuangQueueListeners.add(listener);
  return () => holder.__yichuangQueueListeners?.delete(listener);
}

/** Be told (with the hall's id) whenever any instance changes a hall's catalogue of items. */
export async function subscribeCatalogueChanges(listener: Listener): Promise<() => void> {
  holder.__yichuangCatalogueListeners ??= new Set();
  await ensureListening();
  holder.__yichuangCatalogueListeners.add(listener);
  return () => holder.__yichuangCatalogueListeners?.delete(listener);
}

/**
 * A hall's items changed (an admin's edit, (de)activation or import): a NOTIFY in the caller's
 * transaction, so that every instance drops its cached items once the change is committed.
 */
export async function publishCatalogueChange(tx: Tx, input: { hallId: number }) {
  await tx.execute(sql`select pg_notify(${QUEUE_CHANNEL}, ${CATALOGUE_PREFIX + String(input.hallId)})`);
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
