import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { queues, tickets } from "@/db/schema";
import { callNext, finishService } from "@/lib/queue";
import { PRIORITY } from "@/lib/queue/order";
import { shanghaiDate } from "@/lib/time";
import { createHall } from "../support/queue-hall";

// The calling order of docs/queue-order.md, held where it is enforced: the ORDER BY of callNext.
// (The unit test this replaces sorted with a comparator nothing else used, so a change to the SQL
// left it green.) The tickets are written in an order, and with creation times, that differ from
// the calling order, so an order by id or by created_at fails here.

describe("calling order", () => {
  it("calls by level (green channel, then bookings on time and transfers, then walk-ins), then by number", async () => {
    const { hallId, clerks } = await createHall();
    const db = await getDb();
    const [queueA] = await db
      .select({ id: queues.id })
      .from(queues)
      .where(and(eq(queues.hallId, hallId), eq(queues.prefix, "A")));
    const today = shanghaiDate();
    const base = Date.now() - 60 * 60_000;
    // Written in this order, each a minute later than the one before.
    const written = [
      { seq: 6, priority: PRIORITY.walkIn },
      { seq: 2, priority: PRIORITY.walkIn },
      { seq: 5, priority: PRIORITY.transferred },
      { seq: 4, priority: PRIORITY.greenChannel },
      { seq: 1, priority: PRIORITY.walkIn },
      { seq: 3, priority: PRIORITY.booking },
      { seq: 7, priority: PRIORITY.greenChannel },
    ];
    for (const [i, t] of written.entries())
      await db.insert(tickets).values({
        hallId,
        queueId: queueA.id,
        issuedQueueId: queueA.id,
        serviceDate: today,
        seq: t.seq,
        number: `A${String(t.seq).padStart(3, "0")}`,
        source: "walk_in",
        priority: t.priority,
        isGreenChannel: t.priority === PRIORITY.greenChannel,
        createdAt: new Date(base + i * 60_000),
      });

    const clerk = clerks[0];
    const called: string[] = [];
    for (;;) {
      const ticket = await callNext({ actor: clerk, windowId: clerk.windowId! });
      if (!ticket) break;
      called.push(ticket.number);
      await finishService({ actor: clerk, ticketId: ticket.id });
    }
    const expected = ["A004", "A007", "A003", "A005", "A001", "A002", "A006"];
    expect(called).toEqual(expected);
    // The order is not one the rows would fall into by themselves.
    expect(expected).not.toEqual(written.map((t) => `A00${t.seq}`));
    expect(expected).not.toEqual(written.map((t) => `A00${t.seq}`).sort());
  });
});
