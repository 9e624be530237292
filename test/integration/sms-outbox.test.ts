import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { eq, inArray } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { smsOutbox } from "@/db/schema";
import { sealPhone } from "@/lib/crypto";
import {
  dispatchOutbox,
  logSender,
  OUTBOX_LEASE_MS,
  OUTBOX_MAX_ATTEMPTS,
  OUTBOX_RETRY_MS,
  setSmsSender,
  type SmsSender,
} from "@/lib/notify";
import { testHallId, uniquePhone } from "../support/fixtures";

// The outbox drainer (issue 14, Build §4): a backlog is drained batch after batch in one run, two
// drainers never send one message twice, a failed send is retried after a pause and failed after
// five attempts, and a gateway that fails everything is not hammered. Other tests' messages may
// sit in the same outbox: every assertion counts only this test's own (their bodies carry a tag).

let hallId: number;

beforeAll(async () => {
  hallId = await testHallId();
});

afterEach(() => setSmsSender(logSender));

/** `count` pending messages with bodies `<tag>-<n>`, each to a phone of its own; their ids in order. */
async function fillOutbox(count: number): Promise<{ tag: string; ids: number[] }> {
  const tag = `测试${randomBytes(4).toString("hex")}`;
  const db = await getDb();
  const rows = Array.from({ length: count }, (_, n) => {
    const { phoneEnc, phoneMasked } = sealPhone(uniquePhone());
    return { hallId, kind: "cancellation" as const, bookingId: null, phoneEnc, phoneMasked, body: `${tag}-${n}` };
  });
  const inserted = await db.insert(smsOutbox).values(rows).returning({ id: smsOutbox.id });
  return { tag, ids: inserted.map((r) => r.id).sort((a, b) => a - b) };
}

/** A sender that records this test's messages by body (after a turn of the event loop, as a gateway would). */
function capture(tag: string, fail: (body: string) => boolean = () => false) {
  const sends = new Map<string, number>();
  const sender: SmsSender = {
    name: "capture",
    async send({ body }) {
      await sleep(1);
      if (fail(body)) throw new Error("gateway refused");
      if (body.startsWith(tag)) sends.set(body, (sends.get(body) ?? 0) + 1);
    },
  };
  return { sender, sends };
}

async function rowsOf(ids: number[]) {
  const db = await getDb();
  const rows = await db
    .select({
      id: smsOutbox.id,
      status: smsOutbox.status,
      attempts: smsOutbox.attempts,
      claimedAt: smsOutbox.claimedAt,
      lastError: smsOutbox.lastError,
      sentAt: smsOutbox.sentAt,
    })
    .from(smsOutbox)
    .where(inArray(smsOutbox.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

describe("SMS outbox drainer", () => {
  it("drains a backlog of several batches in one run, each message once", async () => {
    const { tag, ids } = await fillOutbox(450);
    const { sender, sends } = capture(tag);
    setSmsSender(sender);
    const result = await dispatchOutbox({ batchSize: 100, concurrency: 8 });
    expect(result.sent).toBeGreaterThanOrEqual(450);
    expect(sends.size).toBe(450);
    expect([...sends.values()].every((n) => n === 1)).toBe(true);
    const rows = await rowsOf(ids);
    expect([...rows.values()].every((r) => r.status === "sent" && r.attempts === 1 && r.claimedAt === null)).toBe(true);
    expect([...rows.values()].every((r) => r.sentAt !== null)).toBe(true);
  });

  it("sends at most `concurrency` messages at once", async () => {
    const { tag } = await fillOutbox(60);
    let inFlight = 0;
    let most = 0;
    const sender: SmsSender = {
      name: "counting",
      async send({ body }) {
        if (!body.startsWith(tag)) return;
        inFlight += 1;
        most = Math.max(most, inFlight);
        await sleep(5);
        inFlight -= 1;
      },
    };
    setSmsSender(sender);
    await dispatchOutbox({ batchSize: 60, concurrency: 4 });
    expect(most).toBe(4);
  });

  it("two drainers racing over one backlog send every message exactly once", async () => {
    const { tag, ids } = await fillOutbox(600);
    const { sender, sends } = capture(tag);
    setSmsSender(sender);
    const [a, b] = await Promise.all([
      dispatchOutbox({ batchSize: 25, concurrency: 4 }),
      dispatchOutbox({ batchSize: 25, concurrency: 4 }),
    ]);
    expect(sends.size).toBe(600);
    expect([...sends.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    // Both took part: the two runs overlapped rather than one finding the outbox already empty.
    expect(a.sent).toBeGreaterThan(0);
    expect(b.sent).toBeGreaterThan(0);
    const rows = await rowsOf(ids);
    expect([...rows.values()].every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });

  it("retries a failed send after a pause, keeps sending the rest, and fails it after five attempts", async () => {
    const { tag, ids } = await fillOutbox(30);
    const broken = `${tag}-7`;
    const { sender, sends } = capture(tag, (body) => body === broken);
    setSmsSender(sender);
    const first = await dispatchOutbox({ batchSize: 10, concurrency: 3 });
    expect(first.failed).toBeGreaterThanOrEqual(1);
    expect(sends.size).toBe(29);
    const db = await getDb();
    const brokenId = ids[7];
    let row = (await rowsOf([brokenId])).get(brokenId)!;
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: "gateway refused" });
    // Held back: an immediate second run leaves it alone.
    await dispatchOutbox({ batchSize: 10, concurrency: 3 });
    row = (await rowsOf([brokenId])).get(brokenId)!;
    expect(row.attempts).toBe(1);
    expect(row.claimedAt!.getTime()).toBeGreaterThan(Date.now() - OUTBOX_LEASE_MS);
    expect(row.claimedAt!.getTime()).toBeLessThanOrEqual(Date.now() - OUTBOX_LEASE_MS + OUTBOX_RETRY_MS);
    for (let attempt = 2; attempt <= OUTBOX_MAX_ATTEMPTS; attempt++) {
      // The pause is over.
      await db
        .update(smsOutbox)
        .set({ claimedAt: new Date(Date.now() - OUTBOX_LEASE_MS - 1000) })
        .where(eq(smsOutbox.id, brokenId));
      await dispatchOutbox({ batchSize: 10, concurrency: 3 });
    }
    row = (await rowsOf([brokenId])).get(brokenId)!;
    expect(row).toMatchObject({ status: "failed", attempts: OUTBOX_MAX_ATTEMPTS, claimedAt: null });
    // Failed for good: a later run does not take it again.
    await dispatchOutbox({ batchSize: 10, concurrency: 3 });
    expect((await rowsOf([brokenId])).get(brokenId)!.attempts).toBe(OUTBOX_MAX_ATTEMPTS);
    expect(sends.has(broken)).toBe(false);
    const others = await rowsOf(ids.filter((id) => id !== brokenId));
    expect([...others.values()].every((r) => r.status === "sent")).toBe(true);
  });

  it("stops a run when a whole batch fails: a gateway that is down is not hammered", async () => {
    const { tag, ids } = await fillOutbox(120);
    const { sender } = capture(tag, () => true);
    setSmsSender(sender);
    const result = await dispatchOutbox({ batchSize: 40, concurrency: 4 });
    expect(result).toEqual({ sent: 0, failed: 40 });
    const rows = [...(await rowsOf(ids)).values()];
    expect(rows.filter((r) => r.attempts === 1).length).toBeLessThanOrEqual(40);
    expect(rows.filter((r) => r.attempts === 0).length).toBeGreaterThanOrEqual(80);
    expect(rows.every((r) => r.status === "pending")).toBe(true);
  });
});
