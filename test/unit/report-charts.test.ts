import { describe, expect, it } from "vitest";
import { channelChart, departmentChart, heatmapChart, monthChart, ratingChart } from "@/lib/reports/chart-options";
import { renderChartSvg } from "@/lib/reports/render-chart-svg";
import { yearReport } from "@/test/support/report-fixture";

describe("report charts rendered to SVG on the server", () => {
  const report = yearReport(2025, 6935, 6655);

  it("renders each chart as an <svg> of its size, with its labels", () => {
    for (const build of [monthChart, departmentChart, channelChart, ratingChart, heatmapChart]) {
      const chart = build(report);
      const svg = renderChartSvg(chart);
      expect(svg.startsWith(`<svg width="${chart.width}" height="${chart.height}"`)).toBe(true);
      expect(svg).toContain(`viewBox="0 0 ${chart.width} ${chart.height}"`);
      // No inline <style>: the page's CSP would refuse it.
      expect(svg).not.toContain("<style");
      expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    }
    expect(renderChartSvg(monthChart(report))).toContain("12月");
    expect(renderChartSvg(departmentChart(report))).toContain("人力社保");
    expect(renderChartSvg(ratingChart(report))).toContain("非常满意");
    expect(renderChartSvg(heatmapChart(report))).toContain("周日");
  });

  it("draws the same figures once and different figures anew", () => {
    const a = renderChartSvg(monthChart(yearReport(2025, 700, 600)));
    expect(renderChartSvg(monthChart(yearReport(2025, 700, 600)))).toBe(a);
    const b = renderChartSvg(monthChart(yearReport(2025, 701, 600)));
    expect(b).not.toBe(a);
    expect(b).toContain(">59<"); // 701 cases: the first month has 59 (58 a month plus one)
  });

  it("puts this period's months beside last year's", () => {
    const series = monthChart(report).option.series as { name: string; data: number[] }[];
    expect(series.map((s) => s.name)).toEqual(["本期", "上年同期"]);
    expect(series[0]!.data.reduce((a, b) => a + b)).toBe(6935);
    expect(series[1]!.data.reduce((a, b) => a + b)).toBe(6655);
  });

  it("escapes names from the database", () => {
    const r = yearReport(2025, 10, 10);
    r.current.byDepartment[0]!.name = '<script>alert("x")</script>';
    const svg = renderChartSvg(departmentChart(r));
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;");
  });

  it("widens the heat map's hours to every hour with tickets", () => {
    const hours = (heatmapChart(report).option.xAxis as { data: string[] }).data;
    expect(hours[0]).toBe("8时");
    expect(hours.at(-1)).toBe("19时");
  });
});
