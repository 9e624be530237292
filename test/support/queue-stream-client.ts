import { openQueueStream } from "@/lib/queue";
import type { CallEvent, QueueState } from "@/lib/queue/types";

/**
 * A client of a hall's live stream (lib/queue/stream.ts), reading it as a browser's EventSource
 * would: every call and every state it received, and the last event id. With `paused`, it reads
 * nothing until `resume()` (a phone whose connection is backed up).
 */
export async function connectQueueStream(hallId: number, options: { lastEventId?: number; paused?: boolean } = {}) {
  const abort = new AbortController();
  const response = await openQueueStream({ hallId, lastEventId: options.lastEventId ?? 0, signal: abort.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let resume = () => {};
  const resumed = options.paused ? new Promise<void>((r) => (resume = r)) : Promise.resolve();
  const stream = {
    calls: [] as CallEvent[],
    states: [] as QueueState[],
    lastId: options.lastEventId ?? 0,
    resume: () => resume(),
    /** Whether a state it received (by `ms`) meets `condition`. */
    waitForState: (condition: (state: QueueState) => boolean, ms = 20_000) =>
      until(() => stream.states.some(condition), ms),
    async close() {
      resume();
      abort.abort();
      await reader.cancel().catch(() => {});
      await reading;
    },
  };
  const reading = (async () => {
    await resumed;
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = "message";
        let data = "";
        for (const line of block.split("\n")) {
          if (line.startsWith("event: ")) event = line.slice(7);
          else if (line.startsWith("data: ")) data += line.slice(6);
          else if (line.startsWith("id: ")) stream.lastId = Number(line.slice(4));
        }
        if (event === "call") stream.calls.push(JSON.parse(data) as CallEvent);
        if (event === "state") stream.states.push(JSON.parse(data) as QueueState);
      }
    }
  })();
  return stream;
}

/** Whether `condition` holds within `ms`, checked every 20 ms. */
export async function until(condition: () => boolean | Promise<boolean>, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}
