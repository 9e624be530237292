import { describe, expect, it } from "vitest";
import {
  addWorkingDays,
  atShanghai,
  holidayName,
  isStateWorkday,
  isValidDate,
  isoWeekday,
  shanghaiDate,
  shanghaiTime,
  workingDaysBetween,
} from "@/lib/time";

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

  it("falls back to the statutory holidays for a year whose State Council notice is not in the data yet", () => {
    // 2027: New Year, 春节 (除夕 to 初三, 6 Feb is 初一), 清明, 劳动节, 端午, 中秋, 国庆 1–3 October.
    expect(holidayName("2027-01-01")).toBe("元旦");
    for (const d of ["2027-02-05", "2027-02-08"]) expect(holidayName(d)).toBe("春节");
    expect(isStateWorkday("2027-02-09")).toBe(true);
    expect(holidayName("2027-04-05")).toBe("清明节");
    expect(holidayName("2027-06-09")).toBe("端午节");
    expect(holidayName("2027-09-15")).toBe("中秋节");
    expect(isStateWorkday("2027-10-03")).toBe(false);
    expect(isStateWorkday("2027-10-04")).toBe(true);
    expect(isStateWorkday("2027-01-09")).toBe(false);
  });
});
