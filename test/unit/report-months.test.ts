import { describe, expect, it } from "vitest";
import { previousYearRange, splitIntoMonths } from "@/lib/reports/report-range";

describe("a range split into whole months (the rollup) and partial ends (the cases)", () => {
  it("reads a whole year from the rollup alone", () => {
    expect(splitIntoMonths({ from: "2025-01-01", to: "2025-12-31" })).toEqual({
      whole: { from: "2025-01-01", to: "2025-12-31" },
      ends: [],
    });
  });

  it("reads the days before the first and after the last whole month from the cases", () => {
    expect(splitIntoMonths({ from: "2024-11-15", to: "2025-02-10" })).toEqual({
      whole: { from: "2024-12-01", to: "2025-01-31" },
      ends: [
        { from: "2024-11-15", to: "2024-11-30" },
        { from: "2025-02-01", to: "2025-02-10" },
      ],
    });
  });

  it("knows the length of February, also in a leap year", () => {
    expect(splitIntoMonths({ from: "2024-02-01", to: "2024-02-29" }).whole).toEqual({
      from: "2024-02-01",
      to: "2024-02-29",
    });
    expect(splitIntoMonths({ from: "2024-02-01", to: "2024-02-28" })).toEqual({
      whole: null,
      ends: [{ from: "2024-02-01", to: "2024-02-28" }],
    });
    expect(splitIntoMonths({ from: "2025-02-01", to: "2025-02-28" }).ends).toEqual([]);
  });

  it("has no whole month in a range inside one month or across two partial ones", () => {
    expect(splitIntoMonths({ from: "2025-03-15", to: "2025-03-15" })).toEqual({
      whole: null,
      ends: [{ from: "2025-03-15", to: "2025-03-15" }],
    });
    expect(splitIntoMonths({ from: "2025-03-02", to: "2025-04-30" })).toEqual({
      whole: { from: "2025-04-01", to: "2025-04-30" },
      ends: [{ from: "2025-03-02", to: "2025-03-31" }],
    });
    expect(splitIntoMonths({ from: "2025-12-01", to: "2026-01-30" })).toEqual({
      whole: { from: "2025-12-01", to: "2025-12-31" },
      ends: [{ from: "2026-01-01", to: "2026-01-30" }],
    });
  });
});

describe("同比: the range a year earlier", () => {
  it("is the same dates for a past range, and the same days so far for a running one", () => {
    expect(previousYearRange({ from: "2025-01-01", to: "2025-12-31" }, "2026-11-27")).toEqual({
      from: "2024-01-01",
      to: "2024-12-31",
    });
    expect(previousYearRange({ from: "2026-01-01", to: "2026-12-31" }, "2026-11-27")).toEqual({
      from: "2025-01-01",
      to: "2025-11-27",
    });
    expect(previousYearRange({ from: "2024-02-01", to: "2024-03-31" }, "2024-02-29")).toEqual({
      from: "2023-02-01",
      to: "2023-02-28",
    });
    expect(previousYearRange({ from: "2026-12-01", to: "2026-12-31" }, "2026-11-27")).toEqual({
      from: "2025-12-01",
      to: "2025-12-31",
    });
  });
});
