// The report's charts as Apache ECharts options: by month (this period against last year's), by
// department, by channel, the five rating levels and the weekday × hour heat map of tickets.
// Rendered to SVG on the server (render-chart-svg.ts), so the page ships no chart JavaScript;
// every chart has its numbers in a table beside it (report-tables.ts). No server-only: pure.
import type { ComposeOption } from "echarts/core";
import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption } from "echarts/charts";
import type { GridComponentOption, LegendComponentOption, VisualMapComponentOption } from "echarts/components";
import { CHANNEL_LABEL, weekdayLabel } from "@/lib/format";
import { LEVEL_LABEL } from "@/lib/evaluations/labels";
import { monthLabel } from "@/lib/reports/figures-format";
import { heatmapHours } from "@/lib/reports/report-tables";
import type { Report } from "@/lib/reports/types";

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | HeatmapSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | VisualMapComponentOption
>;

export interface ReportChart {
  option: ChartOption;
  width: number;
  height: number;
}

const FONT =
  '"PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif';
const BRAND = "#0b5cad";
const LAST_YEAR = "#94a3b8";
/** Levels 5 … 1: greens for the satisfied, amber for 基本满意, reds for the poor ratings. */
const LEVEL_COLOUR: Record<number, string> = { 5: "#15803d", 4: "#4ade80", 3: "#f59e0b", 2: "#f87171", 1: "#b91c1c" };

const base = {
  animation: false,
  textStyle: { fontFamily: FONT, fontSize: 13, color: "#334155" },
  legend: { top: 0, textStyle: { fontFamily: FONT, fontSize: 13 } },
} satisfies ChartOption;

const valueAxis = { type: "value" as const, minInterval: 1, splitLine: { lineStyle: { color: "#e2e8f0" } } };

/** This period's bars (labelled) beside last year's (grey), for the charts that compare by category. */
function barsBesideLastYear(
  now: number[],
  lastYear: number[],
  style: { labelPosition: "top" | "right"; barMaxWidth: number },
) {
  return [
    {
      type: "bar" as const,
      name: "本期",
      data: now,
      itemStyle: { color: BRAND },
      label: { show: true, position: style.labelPosition, fontSize: 11 },
      barMaxWidth: style.barMaxWidth,
    },
    {
      type: "bar" as const,
      name: "上年同期",
      data: lastYear,
      itemStyle: { color: LAST_YEAR },
      barMaxWidth: style.barMaxWidth,
    },
  ];
}

export function monthChart(report: Report): ReportChart {
  const { current, previous } = report;
  return {
    width: 720,
    height: 300,
    option: {
      ...base,
      grid: { left: 56, right: 16, top: 40, bottom: 32 },
      xAxis: { type: "category", data: current.byMonth.map((m) => monthLabel(m.month)) },
      yAxis: valueAxis,
      series: [
        {
          type: "bar",
          name: "本期",
          data: current.byMonth.map((m) => m.cases),
          itemStyle: { color: BRAND },
          barMaxWidth: 28,
          label: { show: current.byMonth.length <= 12, position: "top", fontSize: 11 },
        },
        {
          type: "line",
          name: "上年同期",
          data: current.byMonth.map((_, i) => previous.byMonth[i]?.cases ?? 0),
          itemStyle: { color: LAST_YEAR },
          lineStyle: { color: LAST_YEAR, type: "dashed", width: 2 },
          symbolSize: 6,
        },
      ],
    },
  };
}

/** A horizontal bar per department, most cases on top; last year's beside each. */
export function departmentChart(report: Report): ReportChart {
  const rows = [...report.current.byDepartment].reverse();
  const last = new Map(report.previous.byDepartment.map((d) => [d.code, d.cases]));
  return {
    width: 560,
    height: Math.max(160, 60 + rows.length * 34),
    option: {
      ...base,
      grid: { left: 120, right: 48, top: 32, bottom: 24 },
      yAxis: { type: "category", data: rows.map((d) => d.name), axisLabel: { width: 110, overflow: "truncate" } },
      xAxis: valueAxis,
      series: barsBesideLastYear(
        rows.map((d) => d.cases),
        rows.map((d) => last.get(d.code) ?? 0),
        { labelPosition: "right", barMaxWidth: 14 },
      ),
    },
  };
}

export function channelChart(report: Report): ReportChart {
  const last = new Map(report.previous.byChannel.map((c) => [c.channel, c.cases]));
  const rows = report.current.byChannel;
  return {
    width: 480,
    height: 260,
    option: {
      ...base,
      grid: { left: 56, right: 16, top: 40, bottom: 32 },
      xAxis: { type: "category", data: rows.map((c) => CHANNEL_LABEL[c.channel]) },
      yAxis: valueAxis,
      series: barsBesideLastYear(
        rows.map((c) => c.cases),
        rows.map((c) => last.get(c.channel) ?? 0),
        { labelPosition: "top", barMaxWidth: 40 },
      ),
    },
  };
}

export function ratingChart(report: Report): ReportChart {
  const levels = report.current.satisfaction.byLevel;
  return {
    width: 480,
    height: 260,
    option: {
      ...base,
      legend: { show: false },
      grid: { left: 56, right: 16, top: 24, bottom: 32 },
      xAxis: {
        type: "category",
        data: levels.map((l) => LEVEL_LABEL[l.level as 1 | 2 | 3 | 4 | 5] ?? String(l.level)),
      },
      yAxis: valueAxis,
      series: [
        {
          type: "bar",
          name: "评价条数",
          data: levels.map((l) => ({ value: l.count, itemStyle: { color: LEVEL_COLOUR[l.level] ?? BRAND } })),
          label: { show: true, position: "top", fontSize: 11 },
          barMaxWidth: 48,
        },
      ],
    },
  };
}

/** Tickets issued by weekday (rows, Monday on top) and hour (columns). */
export function heatmapChart(report: Report): ReportChart {
  const hours = heatmapHours(report);
  const cells = report.current.waiting.heatmap.filter((c) => hours.includes(c.hour));
  const max = Math.max(1, ...cells.map((c) => c.tickets));
  return {
    width: 720,
    height: 320,
    option: {
      ...base,
      legend: { show: false },
      grid: { left: 56, right: 16, top: 16, bottom: 80 },
      xAxis: { type: "category", data: hours.map((h) => `${h}时`), splitArea: { show: true } },
      yAxis: {
        type: "category",
        data: [1, 2, 3, 4, 5, 6, 7].map(weekdayLabel),
        inverse: true,
        splitArea: { show: true },
      },
      visualMap: {
        min: 0,
        max,
        calculable: false,
        orient: "horizontal",
        left: "center",
        bottom: 8,
        text: ["多", "少"],
        inRange: { color: ["#eef6ff", "#5b9bd5", "#073a6e"] },
        textStyle: { fontFamily: FONT },
      },
      series: [
        {
          type: "heatmap",
          name: "取号数",
          data: cells.map((c) => [hours.indexOf(c.hour), c.weekday - 1, c.tickets]),
          label: { show: true, fontSize: 10 },
        },
      ],
    },
  };
}
