import { describe, expect, it } from "vitest";
import { clockLabel, dateTimeLabel } from "@/lib/format";

describe("time formatting", () => {
  it("writes an instant in Shanghai time the way the staff tables did with Intl", () => {
    const short = new Intl.DateTimeFormat("zh-CN", {
      timeZone: "Asia/Shanghai",
      dateStyle: "short",
      timeStyle: "short",
    });
    const medium = new Intl.DateTimeFormat("zh-CN", {
      timeZone: "Asia/Shanghai",
      dateStyle: "short",
      timeStyle: "medium",
    });
    for (const iso of [
      "2026-01-05T01:02:03Z",
      "2026-12-31T16:00:00Z",
      "2026-06-30T15:59:59Z",
      "2027-10-10T23:30:09Z",
    ]) {
      const instant = new Date(iso);
      expect(dateTimeLabel(instant)).toBe(short.format(instant));
      expect(dateTimeLabel(instant, { seconds: true })).toBe(medium.format(instant));
    }
  });

  it("cuts a stored time of day to hours and minutes", () => {
    expect(clockLabel("08:30:00")).toBe("08:30");
    expect(clockLabel("17:00")).toBe("17:00");
  });
});
