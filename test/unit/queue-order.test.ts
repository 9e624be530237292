import { describe, expect, it } from "vitest";
import { bookingPriority, compareForCalling, PRIORITY } from "@/lib/queue/order";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 26, 1, minute));

describe("calling order", () => {
  it("calls the green channel first, then bookings on time and transfers, then walk-ins, each first come first served", () => {
    const tickets = [
      { id: 1, priority: PRIORITY.walkIn, seq: 1 },
      { id: 2, priority: PRIORITY.booking, seq: 6 },
      { id: 3, priority: PRIORITY.walkIn, seq: 2 },
      { id: 4, priority: PRIORITY.greenChannel, seq: 10 },
      { id: 5, priority: PRIORITY.transferred, seq: 3 },
      { id: 6, priority: PRIORITY.walkIn, seq: 2 },
    ];
    expect([...tickets].sort(compareForCalling).map((t) => t.id)).toEqual([4, 5, 2, 1, 3, 6]);
  });

  it("goes by the ticket's number, not by the time its row was written", () => {
    // Two kiosks at once: the transaction that drew A013 started before the one that drew A012.
    const a012 = { id: 8, priority: PRIORITY.walkIn, seq: 12 };
    const a013 = { id: 7, priority: PRIORITY.walkIn, seq: 13 };
    expect([a013, a012].sort(compareForCalling)).toEqual([a012, a013]);
  });

  it("gives a booking its priority from 30 minutes before its slot to 15 minutes after the start", () => {
    const slot = at(30);
    expect(bookingPriority(slot, at(0))).toBe(PRIORITY.booking);
    expect(bookingPriority(slot, at(45))).toBe(PRIORITY.booking);
    expect(bookingPriority(slot, new Date(at(0).getTime() - 60_000))).toBe(PRIORITY.walkIn);
    expect(bookingPriority(slot, at(46))).toBe(PRIORITY.walkIn);
  });
});
