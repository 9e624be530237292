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
// last minutes — and sends it to every open stream of the hall. Changes that arrive while a
// snapshot is being built are coalesced into one more build. Calls go out as a set, not past a
// high-water mark: each stream remembers which call ids it has sent, so a call whose id commits
// out of order (PostgreSQL takes identity ids at INSERT, not at COMMIT) is still sent, once.

/** Calls older than this are not announced any more (the board still shows them as recent). */
const CALL_WINDOW_MS = 10 * 60_000;
/**
 * A client that resumes from an event id also gets the calls that started up to this long before
 * that event: a transaction that took a lower id and committed later. The client drops the
 * duplicates by id.
 */
const RESUME_OVERLAP_MS = 5_000;
const HEARTBEAT_MS = 15_000;
/** A client this many frames behind is dropped (it reconnects and resumes); memory stays bounded. */
const MAX_QUEUED_FRAMES = 500;

interface TimedCall extends CallEvent {
  atMs: number;
}

interface Snapshot {
  calls: TimedCall[];
  callFrames: Map<number, Uint8Array>;
  stateFrame: Uint8Array;
}

interface Subscriber {
  /** Call ids already sent (or, for the first snapshot, already known to the client). */
  sent: Set<number>;
  /** Until the first snapshot: which of its calls the client has not seen yet. */
  isUnseen: ((call: TimedCall) => boolean) | null;
  enqueue(frame: Uint8Array): void;
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
  perAddress: Map<string, number>;
  listening?: Promise<unknown>;
  hasShutdownHook?: boolean;
}

const holder = globalThis as typeof globalThis & { __yichuangQueueFeeds?: Registry };
function registry(): Registry {
  holder.__yichuangQueueFeeds ??= { feeds: new Map(), streams: 0, perAddress: new Map() };
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
  return { calls, callFrames, stateFrame };
}

function deliver(subscriber: Subscriber, snapshot: Snapshot) {
  const isUnseen = subscriber.isUnseen;
  subscriber.isUnseen = null;
  const inWindow = new Set<number>();
  for (const call of snapshot.calls) {
    inWindow.add(call.id);
    if (subscriber.sent.has(call.id)) continue;
    if (!isUnseen || isUnseen(call)) subscriber.enqueue(snapshot.callFrames.get(call.id)!);
  }
  // Only the window's ids are remembered: a call older than the window is never sent again.
  subscriber.sent = inWindow;
  subscriber.enqueue(snapshot.stateFrame);
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
      for (const subscriber of feed.subscribers) deliver(subscriber, snapshot);
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
  if (!r.hasShutdownHook) {
    r.hasShutdownHook = true;
    // Open streams never end by themselves; on SIGTERM close them, so that a graceful shutdown
    // (a rolling deploy) is not held up and the screens reconnect to another instance at once.
    process.once("SIGTERM", () => {
      for (const feed of registry().feeds.values()) for (const s of feed.subscribers) s.close();
    });
  }
  return r.listening;
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
  r.perAddress.set(address, (r.perAddress.get(address) ?? 0) + 1);
  let isReleased = false;
  return () => {
    if (isReleased) return;
    isReleased = true;
    r.streams -= 1;
    const left = (r.perAddress.get(address) ?? 1) - 1;
    if (left > 0) r.perAddress.set(address, left);
    else r.perAddress.delete(address);
  };
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
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      subscriber.close();
    },
  });
  let isClosed = false;
  const r = registry();
  let feed = r.feeds.get(input.hallId);
  if (!feed) {
    feed = { hallId: input.hallId, subscribers: new Set(), building: null, isDirty: false, snapshot: null };
    r.feeds.set(input.hallId, feed);
  }
  const hallFeed = feed;
  const subscriber: Subscriber = {
    sent: new Set(),
    isUnseen,
    enqueue(frame) {
      if (isClosed) return;
      if ((controller.desiredSize ?? 0) < -MAX_QUEUED_FRAMES) {
        subscriber.close();
        return;
      }
      try {
        controller.enqueue(frame);
      } catch {
        subscriber.close();
      }
    },
    close() {
      if (isClosed) return;
      isClosed = true;
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
  const heartbeat = setInterval(() => subscriber.enqueue(ping), HEARTBEAT_MS);
  heartbeat.unref?.();
  input.signal.addEventListener("abort", onAbort);
  hallFeed.subscribers.add(subscriber);
  subscriber.enqueue(encoder.encode("retry: 2000\n\n"));
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
