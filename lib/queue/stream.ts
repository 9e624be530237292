import "server-only";
import { and, asc, eq, gt, gte, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { queueEvents } from "@/db/schema";
import { subscribeQueueChanges } from "@/lib/queue/events";
import { getQueueState } from "@/lib/queue/queue-state";
import type { CallEvent } from "@/lib/queue/types";

/** Calls since an event id (for a screen that reconnects), at most the last five minutes' worth. */
async function callsSince(hallId: number, afterId: number): Promise<CallEvent[]> {
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
        gt(queueEvents.id, afterId),
        inArray(queueEvents.kind, ["called", "recalled"]),
        gte(queueEvents.at, new Date(Date.now() - 5 * 60_000)),
      ),
    )
    .orderBy(asc(queueEvents.id))
    .limit(20);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as CallEvent["kind"],
    ticket: r.ticket ?? "",
    window: r.window ?? 0,
    at: r.at.toISOString(),
  }));
}

// Open streams never end by themselves; on SIGTERM close them, so that a graceful shutdown (a
// rolling deploy) is not held up and the screens reconnect to another instance at once.
const registry = globalThis as typeof globalThis & { __yichuangStreams?: Set<() => void> };
function openStreams() {
  if (!registry.__yichuangStreams) {
    const streams = new Set<() => void>();
    registry.__yichuangStreams = streams;
    process.once("SIGTERM", () => {
      for (const close of streams) close();
    });
  }
  return registry.__yichuangStreams;
}

/**
 * An SSE response: `state` (the whole public state) on connect and after every change, and a
 * `call` event for each call or recall since the client's last event id, so that a TV announces
 * each call once — also the ones it missed while reconnecting after a restart.
 */
export async function openQueueStream(input: { hallId: number; lastEventId: number; signal: AbortSignal }) {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      let sentUpTo = input.lastEventId;
      let running = false;
      let again = false;
      const push = async () => {
        if (running) {
          again = true;
          return;
        }
        running = true;
        try {
          do {
            again = false;
            // The call first (one small query): the TV can announce it while the state is rebuilt.
            if (sentUpTo > 0) {
              for (const call of await callsSince(input.hallId, sentUpTo)) {
                send(`id: ${call.id}\nevent: call\ndata: ${JSON.stringify(call)}\n\n`);
                sentUpTo = Math.max(sentUpTo, call.id);
              }
            }
            const state = await getQueueState({ hallId: input.hallId });
            send(`id: ${state.lastEventId}\nevent: state\ndata: ${JSON.stringify(state)}\n\n`);
            sentUpTo = Math.max(sentUpTo, state.lastEventId);
          } while (again && !closed);
        } catch (error) {
          console.error("[yichuang] queue stream update failed", error);
        } finally {
          running = false;
        }
      };
      send("retry: 2000\n\n");
      const unsubscribe = await subscribeQueueChanges((hallId) => {
        if (hallId === input.hallId) void push();
      });
      // The first state tells a fresh client where the event ids stand; calls after it are announced.
      if (sentUpTo === 0) {
        const state = await getQueueState({ hallId: input.hallId });
        send(`id: ${state.lastEventId}\nevent: state\ndata: ${JSON.stringify(state)}\n\n`);
        sentUpTo = state.lastEventId;
      } else await push();
      const heartbeat = setInterval(() => send(": ping\n\n"), 15_000);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      const streams = openStreams();
      streams.add(cleanup);
      const close = cleanup;
      cleanup = () => {
        streams.delete(close);
        close();
      };
      input.signal.addEventListener("abort", cleanup);
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
