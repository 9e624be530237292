import { describe, expect, it } from "vitest";
import { addWorkingDays, atShanghai, holidayName, isStateWorkday, isValidDate, isoWeekday, shanghaiDate, shanghaiTime, workingDaysBetween } from "@/lib/time";

describe("Asia/Shanghai time", () => {
  it("turns an instant into the Shanghai date and time, whatever the machine's zone", () => {
    const instant = new Date("2026-03-01T16:30:00Z");
    expect(shanghaiDate(instant)).toBe("2026-03-02");
    expect(shanghaiTime(instant)).toBe("00:30");
    expect(atShanghai("2026-03-02", "00:30").toISOString()).toBe(instant.toISOString());
  });

  it("rejects dates that do not exist", () => {
    expect(isValidDate("2026-02-28")).toBe(true);
    expect(isValidDate("2026-02-30")).toBe(false);
    expect(isValidDate("2026-2-3")).toBe(false);
  });

  it("knows ISO weekdays", () => {
    expect(isoWeekday("2026-11-26")).toBe(4);
    expect(isoWeekday("2026-11-29")).toBe(7);
  });
});

describe("State Council working-day calendar", () => {
  it("closes public holidays and opens make-up working days (调休)", () => {
    expect(isStateWorkday("2026-10-01")).toBe(false);
    expect(holidayName("2026-10-01")).toBe("国庆节");
    // 2026-10-10 is a Saturday worked in exchange for the National Day week.
    expect(isoWeekday("2026-10-10")).toBe(6);
    expect(isStateWorkday("2026-10-10")).toBe(true);
    expect(isStateWorkday("2026-11-28")).toBe(false);
    expect(holidayName("2026-11-28")).toBeNull();
  });

  it("counts promised working days past holidays and weekends", () => {
    // Accepted on 30 September: the holiday week is skipped, the make-up Saturday counts.
    expect(addWorkingDays("2026-09-30", 3)).toBe("2026-10-10");
    expect(addWorkingDays("2026-11-26", 2)).toBe("2026-11-30");
    expect(workingDaysBetween("2026-11-26", "2026-11-30")).toBe(2);
  });
});
