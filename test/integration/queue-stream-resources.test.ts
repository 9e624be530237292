import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { AppError } from "@/lib/errors";
import { issueTicket, openQueueStream, queueStreamStats, subscribeQueueChanges } from "@/lib/queue";
import { QUEUE_CHANNEL } from "@/lib/queue/events";
import { createHall } from "../support/queue-hall";

// What the open screens cost this instance: a hung-up stream gives back its place at once, and
// the caps per client address and in total answer with a clear problem instead of piling up.

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return "opened";
}

async function waitFor(condition: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return condition();
}

describe("the queue stream's resources", () => {
  it("frees a stream whose client hangs up at once, before or after the first snapshot", async () => {
    const hall = await createHall();
    const before = queueStreamStats();
    const aborts = Array.from({ length: 10 }, () => new AbortController());
    const responses = await Promise.all(
      aborts.map((abort, i) => {
        // Half hang up while the stream is still being opened, half right after.
        if (i % 2 === 0) queueMicrotask(() => abort.abort());
        return openQueueStream({
          hallId: hall.hallId,
          lastEventId: 0,
          signal: abort.signal,
          clientAddress: "10.0.0.9",
        });
      }),
    );
    for (const abort of aborts) abort.abort();
    // A change after the hang-ups is built for nobody: the hall's feed is gone.
    await issueTicket({ actor: hall.clerks[0], queue: "A" });
    expect(await waitFor(() => queueStreamStats().streams === before.streams)).toBe(true);
    expect(await waitFor(() => queueStreamStats().halls === before.halls)).toBe(true);
    for (const response of responses) await response.body?.cancel().catch(() => {});
  });

  it("caps the streams of one address (429 too_many_streams) and of the instance (503 streams_exhausted)", async () => {
    const hall = await createHall();
    const abort = new AbortController();
    const open = (clientAddress: string, limits: { maxPerAddress: number; maxTotal: number }) =>
      openQueueStream({ hallId: hall.hallId, lastEventId: 0, signal: abort.signal, clientAddress, ...limits });
    const limits = { maxPerAddress: 3, maxTotal: queueStreamStats().streams + 5 };
    const first = await Promise.all([open("10.0.0.1", limits), open("10.0.0.1", limits), open("10.0.0.1", limits)]);
    expect(first).toHaveLength(3);
    expect(await refusal(open("10.0.0.1", limits))).toBe("too_many_streams");
    await open("10.0.0.2", limits);
    await open("10.0.0.3", limits);
    expect(await refusal(open("10.0.0.4", limits))).toBe("streams_exhausted");
    // Hanging up gives the places back.
    abort.abort();
    expect(await waitFor(() => queueStreamStats().streams === limits.maxTotal - 5)).toBe(true);
    const again = new AbortController();
    await openQueueStream({
      hallId: hall.hallId,
      lastEventId: 0,
      signal: again.signal,
      clientAddress: "10.0.0.1",
      ...limits,
    });
    again.abort();
  });
});

// PGlite runs in the process: there is no LISTEN connection to lose.
if (process.env.TEST_DB_KIND === "postgres") {
  describe("the queue stream on PostgreSQL", () => {
    it("rebuilds every feed when the LISTEN connection is re-made (the NOTIFYs meanwhile are lost)", async () => {
      const hall = await createHall();
      const abort = new AbortController();
      const response = await openQueueStream({ hallId: hall.hallId, lastEventId: 0, signal: abort.signal });
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let states = 0;
      const reading = (async () => {
        for (;;) {
          const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
          if (done) return;
          states += decoder.decode(value).split("event: state").length - 1;
        }
      })();
      let resyncs = 0;
      const stop = await subscribeQueueChanges((hallId) => {
        if (hallId === null) resyncs += 1;
      });
      expect(await waitFor(() => states === 1)).toBe(true);
      // Cut the LISTEN connection, as a PostgreSQL restart or a network blip would.
      const db = await getDb();
      await db.execute(
        sql`select pg_terminate_backend(pid) from pg_stat_activity where query ilike ${`listen%${QUEUE_CHANNEL}%`} and pid <> pg_backend_pid()`,
      );
      expect(await waitFor(() => resyncs >= 1, 20_000)).toBe(true);
      // The open stream got a fresh state without any change of its hall.
      expect(await waitFor(() => states >= 2, 20_000)).toBe(true);
      stop();
      abort.abort();
      await reader.cancel().catch(() => {});
      await reading;
    });
  });
}
