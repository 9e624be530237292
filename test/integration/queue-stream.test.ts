import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { queueEvents } from "@/db/schema";
import { callNext, finishService, issueTicket } from "@/lib/queue";
import type { CallEvent } from "@/lib/queue/types";
import { createHall } from "../support/queue-hall";
import { connectQueueStream as connect, until } from "../support/queue-stream-client";

async function callIdsOf(hallId: number) {
  const db = await getDb();
  const rows = await db
    .select({ id: queueEvents.id })
    .from(queueEvents)
    .where(and(eq(queueEvents.hallId, hallId), inArray(queueEvents.kind, ["called", "recalled"])));
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/**
 * Four windows call 200 tickets back-to-back while the kiosk keeps issuing; `onCall` runs after
 * each call (with the running count), so a test can drop and reopen its stream mid-run.
 */
async function busyHall(hall: Awaited<ReturnType<typeof createHall>>, onCall?: (n: number) => Promise<void>) {
  // The morning's queue, issued at a desk (clerks have no per-device limit); then the kiosk issues
  // 50 more while the windows call, under its KIOSK_TICKETS_PER_MINUTE (60 in tests).
  for (let i = 0; i < 160; i++) await issueTicket({ actor: hall.clerks[0], queue: ["A", "B", "C"][i % 3] });
  let calls = 0;
  let kioskDone = false;
  const kiosk = (async () => {
    try {
      for (let i = 0; i < 50; i++) {
        await issueTicket({ actor: hall.kiosk, queue: ["A", "B", "C"][i % 3] });
        await new Promise((r) => setTimeout(r, 5));
      }
    } finally {
      // A kiosk that fails must not leave the windows polling for ever: the test fails instead.
      kioskDone = true;
    }
  })();
  await Promise.all(
    hall.clerks.map(async (clerk) => {
      while (calls < 200) {
        const ticket = await callNext({ actor: clerk, windowId: clerk.windowId! });
        if (!ticket) {
          if (kioskDone) return;
          await new Promise((r) => setTimeout(r, 5));
          continue;
        }
        calls += 1;
        await onCall?.(calls);
        await finishService({ actor: clerk, ticketId: ticket.id });
      }
    }),
  );
  await kiosk;
  return calls;
}

function countById(calls: CallEvent[]) {
  const counts = new Map<number, number>();
  for (const call of calls) counts.set(call.id, (counts.get(call.id) ?? 0) + 1);
  return counts;
}

describe("the queue stream announces every call", () => {
  it("delivers each of 200 back-to-back calls exactly once while the kiosk issues", async () => {
    const hall = await createHall();
    const stream = await connect(hall.hallId, { lastEventId: 0 });
    expect(await until(() => stream.states.length > 0)).toBe(true);
    expect(await busyHall(hall)).toBeGreaterThanOrEqual(200);
    const expected = await callIdsOf(hall.hallId);
    expect(expected.length).toBeGreaterThanOrEqual(200);
    await until(() => new Set(stream.calls.map((c) => c.id)).size >= expected.length);
    await stream.close();
    const counts = countById(stream.calls);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(expected);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it("after reconnecting mid-run with its last id, the client has every call once", async () => {
    const hall = await createHall();
    const first = await connect(hall.hallId, { lastEventId: 0 });
    const connections = [first];
    expect(await until(() => first.states.length > 0)).toBe(true);
    let second: typeof first | undefined;
    await busyHall(hall, async (n) => {
      // Drop the stream after 60 calls and stay away for 40 more (more than any replay cap).
      if (n === 60) await first.close();
      if (n === 100) {
        second = await connect(hall.hallId, { lastEventId: first.lastId });
        connections.push(second);
      }
    });
    expect(second).toBeDefined();
    const expected = await callIdsOf(hall.hallId);
    // What the page announces: the calls of both connections, deduplicated by id like the hook does.
    const announced = () => new Set(connections.flatMap((c) => c.calls.map((call) => call.id)));
    await until(() => announced().size >= expected.length);
    await second!.close();
    expect([...announced()].sort((a, b) => a - b)).toEqual(expected);
    // No connection sends a call twice; each connection took part.
    for (const c of connections) expect([...countById(c.calls).values()].every((n) => n === 1)).toBe(true);
    expect(first.calls.length).toBeGreaterThan(0);
    expect(second!.calls.length).toBeGreaterThanOrEqual(expected.length - first.calls.length);
  });

  it("a screen that reads nothing for a while is then sent every call once and only the latest state", async () => {
    const hall = await createHall();
    const slow = await connect(hall.hallId, { lastEventId: 0, paused: true });
    // 40 calls, each with its ticket issued and finished: 120 changes while the screen reads nothing.
    for (let i = 0; i < 40; i++) {
      await issueTicket({ actor: hall.clerks[0], queue: "A" });
      const ticket = await callNext({ actor: hall.clerks[0], windowId: hall.clerks[0].windowId! });
      await finishService({ actor: hall.clerks[0], ticketId: ticket!.id });
    }
    const expected = await callIdsOf(hall.hallId);
    expect(expected).toHaveLength(40);
    // Let the last change reach the stream before the screen reads again.
    await new Promise((r) => setTimeout(r, 500));
    slow.resume();
    expect(await until(() => new Set(slow.calls.map((c) => c.id)).size >= 40)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    await slow.close();
    const counts = countById(slow.calls);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(expected);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // Not a backlog of 120 states: the first (sent at once) and the latest, at most a few.
    expect(slow.states.length).toBeLessThanOrEqual(3);
  });
});
