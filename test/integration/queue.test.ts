import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { queueEvents, tickets } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { subscribeQueueChanges } from "@/lib/queue/events";
import {
  callNext,
  callTicket,
  checkInBooking,
  finishService,
  getQueueState,
  getTicketProgress,
  getWindowDesk,
  issueTicket,
  parkTicket,
  recallTicket,
  startService,
  transferTicket,
  unparkTicket,
} from "@/lib/queue";
import { env } from "@/lib/env";
import { shanghaiDate } from "@/lib/time";
import { actorFor, createBookingStartingNow, testHallId } from "../support/fixtures";

const seqOf = (number: string) => Number.parseInt(number.slice(1), 10);

async function statusOf(id: number) {
  const db = await getDb();
  const [row] = await db.select({ status: tickets.status }).from(tickets).where(eq(tickets.id, id));
  return row.status;
}

// Tests in this file run one after the other and share today's queues: each one first calls
// away whatever an earlier one left waiting.
let clerks: Actor[];
let kiosk: Actor;

async function drain() {
  for (const clerk of clerks) {
    const { current } = await getWindowDesk({ actor: clerk });
    if (current) await finishService({ actor: clerk, ticketId: current.id });
    for (;;) {
      const ticket = await callNext({ actor: clerk, windowId: clerk.windowId! });
      if (!ticket) break;
      await finishService({ actor: clerk, ticketId: ticket.id });
    }
  }
}

beforeAll(async () => {
  clerks = await Promise.all([1, 2, 3, 4].map((n) => actorFor("clerk", n)));
  kiosk = await actorFor("kiosk");
});

describe("exactly-once calling", () => {
  it("four windows racing over 200 waiting tickets call each exactly once", async () => {
    await drain();
    const issued = [];
    // Issued by a clerk: this test is about calling, and a kiosk device is rate limited.
    for (let i = 0; i < 200; i++) issued.push(await issueTicket({ actor: clerks[0], queue: ["A", "B", "C"][i % 3] }));
    const calledBy = new Map<number, number[]>();
    await Promise.all(
      clerks.map(async (clerk) => {
        for (;;) {
          const ticket = await callNext({ actor: clerk, windowId: clerk.windowId! });
          if (!ticket) return;
          calledBy.set(ticket.id, [...(calledBy.get(ticket.id) ?? []), clerk.windowId!]);
          await finishService({ actor: clerk, ticketId: ticket.id });
        }
      }),
    );
    expect(calledBy.size).toBe(200);
    for (const t of issued) expect(calledBy.get(t.id), t.number).toHaveLength(1);
    const db = await getDb();
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(tickets)
      // The test's own tickets: on PostgreSQL other files issue into the shared hall meanwhile.
      .where(
        and(
          inArray(
            tickets.id,
            issued.map((t) => t.id),
          ),
          eq(tickets.status, "waiting"),
        ),
      );
    expect(n).toBe(0);
    // Every window took part.
    const windowsUsed = new Set([...calledBy.values()].flat());
    expect(windowsUsed.size).toBeGreaterThan(1);
  });
});

describe("calling order and actions", () => {
  it("calls the green channel, then a booking on time, then walk-ins in order", async () => {
    await drain();
    const first = await issueTicket({ actor: kiosk, queue: "A" });
    const second = await issueTicket({ actor: kiosk, queue: "A" });
    const booked = await checkInBooking({ actor: kiosk, code: (await createBookingStartingNow()).code });
    const green = await issueTicket({ actor: clerks[0], queue: "A", isGreenChannel: true });
    expect(second.ahead).toBe(1);
    const window1 = clerks[0];
    const order = [];
    for (;;) {
      const t = await callNext({ actor: window1, windowId: window1.windowId! });
      if (!t) break;
      order.push(t.id);
      await finishService({ actor: window1, ticketId: t.id });
    }
    // The booking's queue may not be A; compare only the A tickets.
    const expected = [green.id, ...(booked.queue === "A" ? [booked.id] : []), first.id, second.id];
    expect(order.filter((id) => expected.includes(id))).toEqual(expected);
  });

  it("drops a ticket as a no-show after the recall limit", async () => {
    await drain();
    await issueTicket({ actor: kiosk, queue: "C" });
    const clerk = clerks[2];
    const called = await callNext({ actor: clerk, windowId: clerk.windowId! });
    expect((await recallTicket({ actor: clerk, ticketId: called!.id })).recallCount).toBe(1);
    expect((await recallTicket({ actor: clerk, ticketId: called!.id })).recallCount).toBe(2);
    const dropped = await recallTicket({ actor: clerk, ticketId: called!.id });
    expect(dropped.status).toBe("no_show");
  });

  it("refuses a second call while a ticket waits at the window, and finishes one being served", async () => {
    await drain();
    await issueTicket({ actor: kiosk, queue: "A" });
    await issueTicket({ actor: kiosk, queue: "A" });
    const clerk = clerks[0];
    const one = await callNext({ actor: clerk, windowId: clerk.windowId! });
    await expect(callNext({ actor: clerk, windowId: clerk.windowId! })).rejects.toMatchObject({ code: "conflict" });
    await startService({ actor: clerk, ticketId: one!.id });
    const two = await callNext({ actor: clerk, windowId: clerk.windowId! });
    expect(two!.id).not.toBe(one!.id);
    const db = await getDb();
    const [row] = await db.select({ status: tickets.status }).from(tickets).where(eq(tickets.id, one!.id));
    expect(row.status).toBe("done");
    await finishService({ actor: clerk, ticketId: two!.id });
  });

  it("transfers to one window: only that window calls it, ahead of walk-ins", async () => {
    await drain();
    const moved = await issueTicket({ actor: kiosk, queue: "B" });
    const walkIn = await issueTicket({ actor: kiosk, queue: "A" });
    const [w1, w2, , w4] = clerks;
    // Window 2 calls the older ticket (B), then sends it to window 4.
    const atTwo = await callNext({ actor: w2, windowId: w2.windowId! });
    expect(atTwo!.id).toBe(moved.id);
    const transferred = await transferTicket({ actor: w2, ticketId: moved.id, windowId: w4.windowId! });
    expect(transferred).toMatchObject({ status: "waiting", targetWindow: 4 });
    const atOne = await callNext({ actor: w1, windowId: w1.windowId! });
    expect(atOne!.id).toBe(walkIn.id);
    const atFour = await callNext({ actor: w4, windowId: w4.windowId! });
    expect(atFour!.id).toBe(moved.id);
    await finishService({ actor: w1, ticketId: walkIn.id });
    await finishService({ actor: w4, ticketId: moved.id });
  });

  it("calls out of order only with a reason, and records it", async () => {
    await drain();
    await issueTicket({ actor: kiosk, queue: "A" });
    const later = await issueTicket({ actor: kiosk, queue: "A" });
    const clerk = clerks[0];
    const called = await callTicket({ actor: clerk, ticketId: later.id, reason: "行动不便，优先办理" });
    expect(called.note).toBe("行动不便，优先办理");
    const db = await getDb();
    const [event] = await db
      .select({ note: queueEvents.note })
      .from(queueEvents)
      .where(and(eq(queueEvents.ticketId, later.id), eq(queueEvents.kind, "called")));
    expect(event.note).toContain("跳号呼叫");
    await finishService({ actor: clerk, ticketId: later.id });
  });

  it("checks a booking in once, and only on its day", async () => {
    const { code } = await createBookingStartingNow();
    const ticket = await checkInBooking({ actor: kiosk, code });
    expect(ticket.number).toMatch(/^[ABC]\d{3}$/);
    await expect(checkInBooking({ actor: kiosk, code })).rejects.toMatchObject({ code: "conflict" });
    await expect(checkInBooking({ actor: kiosk, code: "ZZZZZZ" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("keeps each role to its own scope", async () => {
    await drain();
    const t = await issueTicket({ actor: kiosk, queue: "A" });
    const [w1, w2] = clerks;
    await expect(callNext({ actor: w1, windowId: w2.windowId! })).rejects.toMatchObject({ code: "forbidden" });
    await expect(callNext({ actor: kiosk, windowId: w1.windowId! })).rejects.toMatchObject({ code: "forbidden" });
    const called = await callNext({ actor: w1, windowId: w1.windowId! });
    expect(called!.id).toBe(t.id);
    await expect(finishService({ actor: w2, ticketId: t.id })).rejects.toMatchObject({ code: "forbidden" });
    const manager = await actorFor("manager");
    await expect(issueTicket({ actor: manager, queue: "A" })).rejects.toMatchObject({ code: "forbidden" });
    await finishService({ actor: w1, ticketId: t.id });
  });
});

describe("the queue's invariants in the database", () => {
  it("transfers a ticket to another queue that already has a ticket of its number, and never reuses a number", async () => {
    await drain();
    const moved = await issueTicket({ actor: kiosk, queue: "A" });
    // Make queue B reach the same sequence number, so that the two tickets share it.
    let twin = await issueTicket({ actor: kiosk, queue: "B" });
    while (seqOf(twin.number) < seqOf(moved.number)) twin = await issueTicket({ actor: kiosk, queue: "B" });
    if (seqOf(twin.number) > seqOf(moved.number)) {
      // B was ahead: bring A level instead.
      let a = moved;
      while (seqOf(a.number) < seqOf(twin.number)) a = await issueTicket({ actor: kiosk, queue: "A" });
      expect(seqOf(a.number)).toBe(seqOf(twin.number));
      return transferAndCheck(a);
    }
    return transferAndCheck(moved);

    async function transferAndCheck(ticket: { id: number; number: string }) {
      const w2 = clerks[1]; // window 2 serves A and B
      await callTicket({ actor: w2, ticketId: ticket.id, reason: "转办测试" });
      const transferred = await transferTicket({ actor: w2, ticketId: ticket.id, queue: "B" });
      expect(transferred).toMatchObject({ status: "waiting", queue: "B", number: ticket.number });
      // The issuing queue goes on with the next number, not a reused one.
      const next = await issueTicket({ actor: kiosk, queue: "A" });
      expect(seqOf(next.number)).toBeGreaterThan(seqOf(ticket.number));
      const db = await getDb();
      const same = await db
        .select({ id: tickets.id })
        .from(tickets)
        .where(and(eq(tickets.serviceDate, shanghaiDate()), eq(tickets.number, ticket.number)));
      expect(same).toHaveLength(1);
    }
  });

  it("lets two simultaneous call-nexts for one window call one ticket, never two", async () => {
    await drain();
    const clerk = clerks[0];
    const db = await getDb();
    for (let round = 0; round < 10; round++) {
      await issueTicket({ actor: clerks[1], queue: "A" });
      await issueTicket({ actor: clerks[1], queue: "A" });
      const results = await Promise.allSettled([
        callNext({ actor: clerk, windowId: clerk.windowId! }),
        callNext({ actor: clerk, windowId: clerk.windowId! }),
      ]);
      const called = results.filter((r) => r.status === "fulfilled" && r.value);
      const refused = results.filter((r) => r.status === "rejected");
      expect(called, `round ${round}`).toHaveLength(1);
      for (const r of refused) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "conflict" });
      const active = await db
        .select({ id: tickets.id })
        .from(tickets)
        .where(
          and(
            eq(tickets.windowId, clerk.windowId!),
            eq(tickets.serviceDate, shanghaiDate()),
            inArray(tickets.status, ["called", "serving"]),
          ),
        );
      expect(active, `round ${round}`).toHaveLength(1);
      await finishService({ actor: clerk, ticketId: active[0].id });
    }
  });

  it("finishes the ticket being served when calling out of order, like call-next", async () => {
    await drain();
    const first = await issueTicket({ actor: kiosk, queue: "A" });
    const later = await issueTicket({ actor: kiosk, queue: "A" });
    const clerk = clerks[0];
    expect((await callNext({ actor: clerk, windowId: clerk.windowId! }))!.id).toBe(first.id);
    await startService({ actor: clerk, ticketId: first.id });
    const called = await callTicket({ actor: clerk, ticketId: later.id, reason: "材料简单，先办" });
    expect(called.status).toBe("called");
    expect(await statusOf(first.id)).toBe("done");
    await finishService({ actor: clerk, ticketId: later.id });
  });

  it("does not let an out-of-order call take a ticket transferred to another window", async () => {
    await drain();
    const ticket = await issueTicket({ actor: kiosk, queue: "A" });
    const [, w2, w3, w4] = clerks;
    await callTicket({ actor: w2, ticketId: ticket.id, reason: "转办测试" });
    await transferTicket({ actor: w2, ticketId: ticket.id, windowId: w4.windowId! });
    await expect(callTicket({ actor: w3, ticketId: ticket.id, reason: "抢号" })).rejects.toMatchObject({
      code: "conflict",
    });
    expect(await statusOf(ticket.id)).toBe("waiting");
    expect((await callNext({ actor: w4, windowId: w4.windowId! }))!.id).toBe(ticket.id);
    await finishService({ actor: w4, ticketId: ticket.id });
  });

  it("lets only the parking window or a window serving the queue unpark a ticket", async () => {
    await drain();
    const ticket = await issueTicket({ actor: kiosk, queue: "B" });
    const [w1, w2, , w4] = clerks; // window 1 serves A only; 2 and 4 serve B
    await callTicket({ actor: w2, ticketId: ticket.id, reason: "暂挂测试" });
    await parkTicket({ actor: w2, ticketId: ticket.id });
    await expect(unparkTicket({ actor: w1, ticketId: ticket.id })).rejects.toMatchObject({ code: "forbidden" });
    expect(await statusOf(ticket.id)).toBe("parked");
    const back = await unparkTicket({ actor: w4, ticketId: ticket.id });
    expect(back).toMatchObject({ status: "waiting", targetWindow: 4 });
    expect((await callNext({ actor: w4, windowId: w4.windowId! }))!.id).toBe(ticket.id);
    await finishService({ actor: w4, ticketId: ticket.id });
  });

  it("calls the tickets of two kiosks issuing at the same moment in number order", async () => {
    await drain();
    const kiosks = [kiosk, await actorFor("kiosk")];
    const issued = (
      await Promise.all(
        kiosks.map(async (k) => {
          const mine = [];
          for (let i = 0; i < 15; i++) mine.push(await issueTicket({ actor: k, queue: "A" }));
          return mine;
        }),
      )
    ).flat();
    const clerk = clerks[0]; // serves A only
    const order: string[] = [];
    for (;;) {
      const t = await callNext({ actor: clerk, windowId: clerk.windowId! });
      if (!t) break;
      order.push(t.number);
      await finishService({ actor: clerk, ticketId: t.id });
    }
    const mine = order.filter((n) => issued.some((t) => t.number === n));
    expect(mine).toHaveLength(30);
    expect(mine).toEqual([...mine].sort((a, b) => seqOf(a) - seqOf(b)));
  });

  it("limits the tickets one kiosk can take per minute", async () => {
    const limit = env().KIOSK_TICKETS_PER_MINUTE;
    expect(limit).toBeGreaterThan(0);
    // The limit counts per clock minute: do not start right before one ends.
    const second = new Date().getSeconds();
    if (second > 45) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
    const device = await actorFor("kiosk");
    for (let i = 0; i < limit; i++) await issueTicket({ actor: device, queue: ["A", "B", "C"][i % 3] });
    await expect(issueTicket({ actor: device, queue: "A" })).rejects.toMatchObject({ code: "rate_limited" });
    // Another device and the clerks are not held back.
    await issueTicket({ actor: await actorFor("kiosk"), queue: "A" });
    await issueTicket({ actor: clerks[0], queue: "A" });
  });
});

describe("what the hall sees", () => {
  it("shows calls, waiting counts and estimates, and a ticket's place", async () => {
    await drain();
    const a = await issueTicket({ actor: kiosk, queue: "A" });
    const b = await issueTicket({ actor: kiosk, queue: "A" });
    const clerk = clerks[0];
    await callNext({ actor: clerk, windowId: clerk.windowId! });
    const hallId = await testHallId();
    const state = await getQueueState({ hallId });
    expect(state.calling).toContainEqual(expect.objectContaining({ ticket: a.number, window: 1 }));
    expect(state.waiting.find((w) => w.queue === "A")).toMatchObject({ count: 1 });
    expect(state.lastEventId).toBeGreaterThan(0);
    expect(JSON.stringify(state)).not.toMatch(/1[3-9]\d{9}/);
    const progress = await getTicketProgress({ hallId, number: b.number });
    expect(progress).toMatchObject({ status: "waiting", ahead: 0 });
    expect(progress.estimatedMinutes).toBeGreaterThan(0);
    const desk = await getWindowDesk({ actor: clerk });
    expect(desk.current?.number).toBe(a.number);
    expect(desk.waiting.map((t) => t.number)).toContain(b.number);
  });

  it("tells listeners of a change once it is committed (LISTEN/NOTIFY)", async () => {
    const hallId = await testHallId();
    const heard = new Promise<number>((resolve) => {
      void subscribeQueueChanges((id) => id !== null && resolve(id)).then((stop) => setTimeout(stop, 10_000));
    });
    await new Promise((r) => setTimeout(r, 100));
    await issueTicket({ actor: kiosk, queue: "B" });
    const id = await Promise.race([
      heard,
      new Promise<number>((_, reject) => setTimeout(() => reject(new Error("no notification within 5 s")), 5000)),
    ]);
    expect(id).toBe(hallId);
  });
});
