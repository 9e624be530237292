import { describe, expect, it } from "vitest";
import { bookingPriority, PRIORITY } from "@/lib/queue/order";

// The calling order itself is tested against callNext's SQL in test/integration/queue-order.test.ts.

const at = (minute: number) => new Date(Date.UTC(2026, 10, 26, 1, minute));

describe("a booking's priority", () => {
  it("is the booking level from 30 minutes before its slot to 15 minutes after the start", () => {
    const slot = at(30);
    expect(bookingPriority(slot, at(0))).toBe(PRIORITY.booking);
    expect(bookingPriority(slot, at(45))).toBe(PRIORITY.booking);
    expect(bookingPriority(slot, new Date(at(0).getTime() - 60_000))).toBe(PRIORITY.walkIn);
    expect(bookingPriority(slot, at(46))).toBe(PRIORITY.walkIn);
    expect(PRIORITY.walkIn).toBeLessThan(PRIORITY.booking);
  });
});
