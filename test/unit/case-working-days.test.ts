import { describe, expect, it } from "vitest";
import { dueStateOf, pausedWorkingDays, promisedDueDate } from "@/lib/cases/working-days";
import { isStateWorkday } from "@/lib/time";

describe("case working days", () => {
  it("count the promise from the day after acceptance", () => {
    // Monday 2025-11-03 + 5 working days = Monday 11-10; a Friday's promise runs over the weekend.
    expect(promisedDueDate("2025-11-03", 5, isStateWorkday)).toBe("2025-11-10");
    expect(promisedDueDate("2025-11-07", 1, isStateWorkday)).toBe("2025-11-10");
  });

  it("count a 补正 pause in working days only", () => {
    expect(pausedWorkingDays("2025-11-07", "2025-11-07", isStateWorkday)).toBe(0);
    expect(pausedWorkingDays("2025-11-07", "2025-11-10", isStateWorkday)).toBe(1);
    // Over National Day 2025 (10-01…10-08): from 09-30 to 10-09 is one working day.
    expect(pausedWorkingDays("2025-09-30", "2025-10-09", isStateWorkday)).toBe(1);
    expect(pausedWorkingDays("2025-11-10", "2025-11-07", isStateWorkday)).toBe(0);
  });

  it("mark open cases overdue, soon (within two working days) or ok, and run no clock otherwise", () => {
    const today = "2025-11-07"; // a Friday: two working days on are Monday and Tuesday
    expect(dueStateOf("2025-11-06", "processing", today, isStateWorkday)).toBe("overdue");
    expect(dueStateOf("2025-11-07", "accepted", today, isStateWorkday)).toBe("soon");
    expect(dueStateOf("2025-11-11", "processing", today, isStateWorkday)).toBe("soon");
    expect(dueStateOf("2025-11-12", "processing", today, isStateWorkday)).toBe("ok");
    expect(dueStateOf("2025-11-06", "needs_supplement", today, isStateWorkday)).toBeNull();
    expect(dueStateOf("2025-11-06", "approved", today, isStateWorkday)).toBeNull();
    expect(dueStateOf(null, "processing", today, isStateWorkday)).toBeNull();
  });
});
