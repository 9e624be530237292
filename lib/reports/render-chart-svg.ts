// ECharts' server-side SVG rendering: the chart arrives in the HTML as an <svg>, no chart
// JavaScript in the browser. Only the charts and components the report uses are registered
// (tree-shaken echarts/core). No server-only: unit tests render with it.
import * as echarts from "echarts/core";
import { BarChart, HeatmapChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, VisualMapComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import type { ReportChart } from "@/lib/reports/chart-options";

echarts.use([BarChart, LineChart, HeatmapChart, GridComponent, LegendComponent, VisualMapComponent, SVGRenderer]);

/** The chart as an SVG document string, sized by its viewBox so CSS can scale it. */
export function renderChartSvg(chart: ReportChart): string {
  const instance = echarts.init(null, null, { renderer: "svg", ssr: true, width: chart.width, height: chart.height });
  try {
    instance.setOption(chart.option);
    return instance.renderToSVGString();
  } finally {
    instance.dispose();
  }
}
