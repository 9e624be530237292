import { describe, expect, it } from "vitest";
import { buildReportParagraph } from "@/lib/reports/report-paragraph";
import { figures, yearReport } from "@/test/support/report-fixture";

describe("the work report's paragraph", () => {
  it("writes a whole year with thousands separators, the rise and the rates", () => {
    const text = buildReportParagraph(yearReport(2025, 6935, 6655));
    expect(text).toMatch(/^2025 年全年窗口受理办件 6,935 件，同比增长 4\.2%/);
    expect(text).toContain("最多跑一次率 95.0%");
    expect(text).toContain("承诺件按时办结率 97.0%");
    expect(text).toMatch(/群众满意率 \d+\.\d%（共 3,467 条评价）/);
    expect(text).toContain("其中不予受理 69 件");
    expect(text).toContain("周末服务岗受理 346 件，周二主题下村日受理 693 件");
  });

  it("writes a year still running as the year so far, to today", () => {
    const text = buildReportParagraph(yearReport(2026, 6225, 6000), { today: "2026-11-27" });
    expect(text).toMatch(/^2026 年以来（截至 11 月 27 日）窗口受理办件 6,225 件，同比增长 3\.8%/);
    expect(buildReportParagraph(yearReport(2026, 6225, 6000), { today: "2027-01-05" })).toMatch(/^2026 年全年/);
  });

  it("says 下降 when the year had fewer cases", () => {
    expect(buildReportParagraph(yearReport(2025, 900, 1000))).toContain("同比下降 10.0%");
  });

  it("says 持平 when the change rounds to nothing", () => {
    expect(buildReportParagraph(yearReport(2025, 10000, 10000))).toContain("与上年同期持平");
  });

  it("does not invent a change when last year had no cases", () => {
    const text = buildReportParagraph(yearReport(2025, 120, 0));
    expect(text).toContain("上年同期无办件，无法比较");
    expect(text).not.toMatch(/增长|下降/);
  });

  it("names the dates of a range that is not a whole year", () => {
    const report = yearReport(2025, 100, 80);
    report.current = figures({ from: "2025-03-01", to: "2025-06-30" }, 100);
    report.previous = figures({ from: "2024-03-01", to: "2024-06-30" }, 80);
    expect(buildReportParagraph(report)).toMatch(/^2025年3月1日至6月30日，窗口受理办件 100 件，同比增长 25\.0%/);
  });

  it("leaves out the rates it has nothing for", () => {
    const report = yearReport(2025, 0, 0);
    report.current = figures(report.current.range, 0, { rated: 0 });
    const text = buildReportParagraph(report);
    expect(text).toBe("2025 年全年窗口受理办件 0 件，上年同期无办件，无法比较。");
  });
});
