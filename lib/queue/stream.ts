import "server-only";
import { and, asc, eq, gte, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { queueEvents } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { subscribeQueueChanges } from "@/lib/queue/events";
import { getQueueState } from "@/lib/queue/queue-state";
import type { CallEvent } from "@/lib/queue/types";
import { logError } from "@/lib/log";

// The live queue's read model, fanned out. Per hall and per app instance there is one feed: on
// each change (a NOTIFY) it builds one snapshot — the public state and the set of calls of the
// last minutes — encodes it once and hands it to every open stream of the hall, a batch at a time
// so that the requests of the desks and the kiosk are served in between. Changes that arrive
// while a snapshot is being built or handed out are coalesced into one more build. Calls go out as
// a set, not past a high-water mark: each stream remembers which call ids it has sent, so a call
// whose id commits out of order (PostgreSQL takes identity ids at INSERT, not at COMMIT) is still
// sent, once. A screen that reads slowly is never sent a backlog of states: while its connection is
// backed up it keeps only the calls it has not had and the latest state, written as one chunk
// when the connection takes more (the latest state replaces the older ones).

/** Calls older than this are not announced any more (the board still shows them as recent). */
const CALL_WINDOW_MS = 10 * 60_000;
/**
 * A client that resumes from an event id also gets the calls that started up to this long before
 * that event: a transaction that took a lower id and committed later. The client drops the
 * duplicates by id.
 */
const RESUME_OVERLAP_MS = 5_000;
const HEARTBEAT_MS = 15_000;
/** Streams handed a snapshot per turn of the event loop; signed-in screens (TVs, desks) first. */
const DELIVERY_BATCH = 5;
/**
 * A client whose connection has been backed up for this many calls is dropped (it reconnects and
 * resumes from its last id); what a stuck client holds stays bounded.
 */
const MAX_PENDING_CALLS = 200;

interface TimedCall extends CallEvent {
  atMs: number;
}

interface Snapshot {
  calls: TimedCall[];
  /** The ids of `calls`: what a stream has seen once it has this snapshot (shared, never changed). */
  callIds: ReadonlySet<number>;
  callFrames: Map<number, Uint8Array>;
  stateFrame: Uint8Array;
  /** The calls a stream has not had and the state, as one chunk, by the ids of those calls. */
  chunks: Map<string, Uint8Array>;
}

interface Subscriber {
  /** A signed-in screen (a TV, a desk): served before the public ones. */
  isDevice: boolean;
  /** Call ids already sent (or, for the first snapshot, already known to the client). */
  sent: ReadonlySet<number>;
  /** Until the first snapshot: which of its calls the client has not seen yet. */
  isUnseen: ((call: TimedCall) => boolean) | null;
  /** Hands the stream the given calls and state (at once, or when its connection takes more). */
  send(callIds: number[], snapshot: Snapshot): void;
  close(): void;
}

interface Feed {
  hallId: number;
  subscribers: Set<Subscriber>;
  /** The snapshot being built, if any (changes meanwhile set `isDirty` for one more build). */
  building: Promise<void> | null;
  isDirty: boolean;
  snapshot: Snapshot | null;
}

interface Registry {
  feeds: Map<number, Feed>;
  streams: number;
  /** The most streams open at once since memory was last given back. */
  peakStreams: number;
  reclaim?: ReturnType<typeof setTimeout>;
  perAddress: Map<string, number>;
  listening?: Promise<unknown>;
}

const holder = globalThis as typeof globalThis & { __yichuangQueueFeeds?: Registry };
function registry(): Registry {
  holder.__yichuangQueueFeeds ??= { feeds: new Map(), streams: 0, peakStreams: 0, perAddress: new Map() };
  return holder.__yichuangQueueFeeds;
}

const encoder = new TextEncoder();

/** Open streams and hall feeds of this instance (for tests and the fan-out bench). */
export function queueStreamStats() {
  const r = registry();
  return { streams: r.streams, halls: r.feeds.size };
}

async function recentCalls(hallId: number): Promise<TimedCall[]> {
  const db = await getDb();
  const rows = await db
    .select({
      id: queueEvents.id,
      kind: queueEvents.kind,
      ticket: queueEvents.ticketNumber,
      window: queueEvents.windowNumber,
      at: queueEvents.at,
    })
    .from(queueEvents)
    .where(
      and(
        eq(queueEvents.hallId, hallId),
        inArray(queueEvents.kind, ["called", "recalled"]),
        gte(queueEvents.at, new Date(Date.now() - CALL_WINDOW_MS)),
      ),
    )
    .orderBy(asc(queueEvents.id));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as CallEvent["kind"],
    ticket: r.ticket ?? "",
    window: r.window ?? 0,
    at: r.at.toISOString(),
    atMs: r.at.getTime(),
  }));
}

async function buildSnapshot(hallId: number): Promise<Snapshot> {
  const [state, calls] = await Promise.all([getQueueState({ hallId }), recentCalls(hallId)]);
  const callFrames = new Map<number, Uint8Array>();
  for (const { atMs: _atMs, ...call } of calls) {
    callFrames.set(call.id, encoder.encode(`id: ${call.id}\nevent: call\ndata: ${JSON.stringify(call)}\n\n`));
  }
  const stateFrame = encoder.encode(`id: ${state.lastEventId}\nevent: state\ndata: ${JSON.stringify(state)}\n\n`);
  return { calls, callIds: new Set(callFrames.keys()), callFrames, stateFrame, chunks: new Map() };
}

/** The calls (by id) and the state of a snapshot as one chunk, encoded once per snapshot. */
function chunkOf(snapshot: Snapshot, callIds: number[]) {
  const key = callIds.join(",");
  let chunk = snapshot.chunks.get(key);
  if (!chunk) {
    chunk = concat([...callIds.map((id) => snapshot.callFrames.get(id)!), snapshot.stateFrame]);
    snapshot.chunks.set(key, chunk);
  }
  return chunk;
}

function concat(parts: Uint8Array[]) {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

function deliver(subscriber: Subscriber, snapshot: Snapshot) {
  const isUnseen = subscriber.isUnseen;
  subscriber.isUnseen = null;
  const toSend: number[] = [];
  for (const call of snapshot.calls) {
    if (subscriber.sent.has(call.id)) continue;
    if (!isUnseen || isUnseen(call)) toSend.push(call.id);
  }
  // Only the window's ids are remembered: a call older than the window is never sent again.
  subscriber.sent = snapshot.callIds;
  subscriber.send(toSend, snapshot);
}

/** Hands the snapshot to every stream of the feed, a batch per turn of the event loop. */
async function deliverAll(feed: Feed, snapshot: Snapshot) {
  const subscribers = [...feed.subscribers];
  const ordered = [...subscribers.filter((s) => s.isDevice), ...subscribers.filter((s) => !s.isDevice)];
  for (let i = 0; i < ordered.length; i += DELIVERY_BATCH) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    for (const subscriber of ordered.slice(i, i + DELIVERY_BATCH)) {
      // Closed meanwhile, or opened meanwhile (it was handed this snapshot when it opened).
      if (feed.subscribers.has(subscriber) && subscriber.sent !== snapshot.callIds) deliver(subscriber, snapshot);
    }
  }
}

/**
 * Every snapshot being built, finished. The database must not be closed under a build (PGlite's
 * close then never returns); the test set-up waits for this before it closes each file's database.
 */
export async function queueFeedsSettled() {
  await Promise.all([...registry().feeds.values()].flatMap((feed) => (feed.building ? [feed.building] : [])));
}

function refresh(feed: Feed) {
  if (feed.building) {
    feed.isDirty = true;
    return;
  }
  feed.building = build(feed);
}

async function build(feed: Feed) {
  try {
    do {
      feed.isDirty = false;
      const snapshot = await buildSnapshot(feed.hallId);
      feed.snapshot = snapshot;
      await deliverAll(feed, snapshot);
    } while (feed.isDirty && feed.subscribers.size > 0);
  } catch (error) {
    logError("queue snapshot failed", error);
    // Try again shortly: the screens keep the last state meanwhile.
    feed.snapshot = null;
    setTimeout(() => {
      if (feed.subscribers.size > 0) refresh(feed);
    }, 2_000).unref?.();
  } finally {
    feed.building = null;
    dropIfUnused(feed);
  }
}

function dropIfUnused(feed: Feed) {
  const r = registry();
  if (feed.subscribers.size === 0 && !feed.building && r.feeds.get(feed.hallId) === feed) r.feeds.delete(feed.hallId);
}

function ensureListening(): Promise<unknown> {
  const r = registry();
  r.listening ??= subscribeQueueChanges((hallId) => {
    // `null`: the LISTEN connection was re-made and changes may have been missed: rebuild every feed.
    const feeds = hallId === null ? [...registry().feeds.values()] : [registry().feeds.get(hallId)];
    for (const feed of feeds) if (feed && feed.subscribers.size > 0) refresh(feed);
  }).catch((error: unknown) => {
    registry().listening = undefined;
    throw error;
  });
  return r.listening;
}

/**
 * Open streams never end by themselves: at shutdown (lib/jobs/graceful-shutdown.ts) they are
 * closed, so that the server's close is not held up and the screens reconnect (to another
 * instance at once) with their last event id.
 */
export function closeQueueStreams() {
  for (const feed of registry().feeds.values()) for (const s of [...feed.subscribers]) s.close();
}

/** What a resuming client has not seen: calls after its event id, and those started just before it. */
async function unseenSince(lastEventId: number): Promise<(call: TimedCall) => boolean> {
  if (lastEventId <= 0) return () => false;
  const db = await getDb();
  const [mark] = await db.select({ at: queueEvents.at }).from(queueEvents).where(eq(queueEvents.id, lastEventId));
  const from = mark ? mark.at.getTime() - RESUME_OVERLAP_MS : Number.POSITIVE_INFINITY;
  return (call) => call.id > lastEventId || call.atMs >= from;
}

function reserve(address: string, limits: { maxPerAddress: number; maxTotal: number }) {
  const r = registry();
  if (r.streams >= limits.maxTotal) throw new AppError("streams_exhausted");
  if ((r.perAddress.get(address) ?? 0) >= limits.maxPerAddress) throw new AppError("too_many_streams");
  r.streams += 1;
  r.peakStreams = Math.max(r.peakStreams, r.streams);
  r.perAddress.set(address, (r.perAddress.get(address) ?? 0) + 1);
  let isReleased = false;
  return () => {
    if (isReleased) return;
    isReleased = true;
    r.streams -= 1;
    const left = (r.perAddress.get(address) ?? 1) - 1;
    if (left > 0) r.perAddress.set(address, left);
    else r.perAddress.delete(address);
    reclaimAfterSurge(r);
  };
}

/** Streams that must have been open at once for their closing to count as a surge. */
const SURGE_STREAMS = 500;

/**
 * After a surge of screens has closed (at most a tenth of the peak still open), full garbage
 * collections a few seconds later give their memory back to the system at once; V8 would
 * otherwise keep it until allocation pressure. Only when the app runs with `gc` exposed
 * (scripts/node-flags.mjs, as `npm start` runs it).
 */
function reclaimAfterSurge(r: Registry) {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc || r.peakStreams < SURGE_STREAMS || r.streams > r.peakStreams / 10) return;
  clearTimeout(r.reclaim);
  r.reclaim = setTimeout(() => {
    r.peakStreams = r.streams;
    gc();
    // The first collection frees the objects; the second compacts the pages they left sparse,
    // which is what gives the memory back (measured: bench/queue-fanout).
    setTimeout(gc, 1_000).unref?.();
  }, 5_000);
  r.reclaim.unref?.();
}

/**
 * An SSE response: `state` (the whole public state) on connect and after every change, and a
 * `call` event for each call or recall, so that a TV announces each call once — also the ones
 * it missed while reconnecting (given the last event id it saw). Too many streams from one
 * address answer 429 `too_many_streams`, too many in all 503 `streams_exhausted`.
 */
export async function openQueueStream(input: {
  hallId: number;
  lastEventId: number;
  signal: AbortSignal;
  clientAddress?: string;
  /** A signed-in screen (a TV, a desk): handed each change before the public screens. */
  isDevice?: boolean;
  maxPerAddress?: number;
  maxTotal?: number;
}) {
  const config = env();
  const release = reserve(input.clientAddress ?? "unknown", {
    maxPerAddress: input.maxPerAddress ?? config.QUEUE_STREAMS_PER_ADDRESS,
    maxTotal: input.maxTotal ?? config.QUEUE_STREAMS_MAX,
  });
  let isUnseen: Subscriber["isUnseen"];
  try {
    await ensureListening();
    isUnseen = await unseenSince(input.lastEventId);
  } catch (error) {
    release();
    throw error;
  }

  // Everything below runs without an await, so a hang-up at any point finds the stream
  // registered and `close` undoes all of it.
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  // What waits for the connection to take more: calls not yet written, and the latest state.
  let pendingCalls: Uint8Array[] = [];
  let pendingState: Uint8Array | null = null;
  const flush = () => {
    if (!pendingState && pendingCalls.length === 0) return;
    const chunk = concat(pendingState ? [...pendingCalls, pendingState] : pendingCalls);
    pendingCalls = [];
    pendingState = null;
    write(chunk);
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      // The connection took what was queued: write what waited meanwhile, as one chunk.
      pull() {
        flush();
      },
      cancel() {
        subscriber.close();
      },
    },
    { highWaterMark: 1 },
  );
  const hasRoom = () => (controller.desiredSize ?? 0) > 0 && !pendingState && pendingCalls.length === 0;
  const write = (chunk: Uint8Array) => {
    if (isClosed) return;
    try {
      controller.enqueue(chunk);
    } catch {
      subscriber.close();
    }
  };
  let isClosed = false;
  const r = registry();
  let feed = r.feeds.get(input.hallId);
  if (!feed) {
    feed = { hallId: input.hallId, subscribers: new Set(), building: null, isDirty: false, snapshot: null };
    r.feeds.set(input.hallId, feed);
  }
  const hallFeed = feed;
  const subscriber: Subscriber = {
    isDevice: input.isDevice ?? false,
    sent: new Set(),
    isUnseen,
    send(callIds, snapshot) {
      if (isClosed) return;
      if (hasRoom()) {
        write(chunkOf(snapshot, callIds));
        return;
      }
      for (const id of callIds) pendingCalls.push(snapshot.callFrames.get(id)!);
      pendingState = snapshot.stateFrame;
      if (pendingCalls.length > MAX_PENDING_CALLS) subscriber.close();
    },
    close() {
      if (isClosed) return;
      isClosed = true;
      pendingCalls = [];
      pendingState = null;
      clearInterval(heartbeat);
      input.signal.removeEventListener("abort", onAbort);
      hallFeed.subscribers.delete(subscriber);
      dropIfUnused(hallFeed);
      release();
      try {
        controller.close();
      } catch {
        // already closed or cancelled by the client
      }
    },
  };
  const onAbort = () => subscriber.close();
  const ping = encoder.encode(": ping\n\n");
  // A connection that is backed up has something to send already: no ping is queued behind it.
  const heartbeat = setInterval(() => hasRoom() && write(ping), HEARTBEAT_MS);
  heartbeat.unref?.();
  input.signal.addEventListener("abort", onAbort);
  hallFeed.subscribers.add(subscriber);
  write(encoder.encode("retry: 2000\n\n"));
  if (input.signal.aborted) subscriber.close();
  // The cached snapshot is current unless a change is being built (then it is delivered soon).
  else if (hallFeed.snapshot) deliver(subscriber, hallFeed.snapshot);
  else refresh(hallFeed);

  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
