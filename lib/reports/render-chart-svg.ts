// ECharts' server-side SVG rendering: the chart arrives in the HTML as an <svg>, no chart
// JavaScript in the browser. Only the charts and components the report uses are registered
// (tree-shaken echarts/core). No server-only: unit tests render with it.
import * as echarts from "echarts/core";
import { BarChart, HeatmapChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, VisualMapComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import type { ReportChart } from "@/lib/reports/chart-options";

echarts.use([BarChart, LineChart, HeatmapChart, GridComponent, LegendComponent, VisualMapComponent, SVGRenderer]);

// ECharts writes its hover effects as <style> elements into the SVG (renderToSVGString offers no
// switch for it). Without chart JavaScript they do nothing, and the page's Content-Security-Policy
// refuses inline <style> without the nonce, so they are left out.
const STYLE_ELEMENT = /<style\b[^>]*>[\s\S]*?<\/style>/g;

// Rendering the page's five charts costs about 100 ms of CPU; a past year's figures, and so its
// charts, do not change. The last few SVGs are kept, keyed by the whole option and size, so the same
// figures are drawn once (about 20 kB each).
const CACHE_SIZE = 64;
const cache = new Map<string, string>();

/** The chart as an SVG document string, sized by its viewBox so CSS can scale it. */
export function renderChartSvg(chart: ReportChart): string {
  const key = JSON.stringify(chart);
  const cached = cache.get(key);
  if (cached !== undefined) {
    // Most recently used last: Map keeps insertion order.
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const svg = drawSvg(chart);
  cache.set(key, svg);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return svg;
}

function drawSvg(chart: ReportChart): string {
  const instance = echarts.init(null, null, { renderer: "svg", ssr: true, width: chart.width, height: chart.height });
  try {
    instance.setOption(chart.option);
    return instance.renderToSVGString().replace(STYLE_ELEMENT, "");
  } finally {
    instance.dispose();
  }
}
