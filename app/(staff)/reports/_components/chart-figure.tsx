import type { ReactNode } from "react";
import { renderChartSvg } from "@/lib/reports/render-chart-svg";
import type { ReportChart } from "@/lib/reports/chart-options";

/**
 * A chart rendered to SVG on the server (no chart JavaScript in the browser) with its numbers in
 * the table beside or below it. The SVG is a picture for the eye (`role="img"` with the title);
 * screen readers and copying use the table. ECharts escapes the labels it writes into the SVG.
 */
export function ChartFigure({
  title,
  chart,
  children,
  layout = "below",
  testId,
}: {
  title: string;
  chart: ReportChart;
  /** The table of the chart's numbers. */
  children: ReactNode;
  layout?: "below" | "beside";
  testId?: string;
}) {
  return (
    <figure
      className={`rounded-xl bg-white p-4 shadow-sm break-inside-avoid ${layout === "beside" ? "grid gap-4 lg:grid-cols-[3fr_2fr]" : "space-y-3"}`}
      data-testid={testId}
    >
      <div>
        <figcaption className="text-lg font-bold">{title}</figcaption>
        <div
          role="img"
          aria-label={`${title}（图表，数字见旁边的表格）`}
          className="mt-2 [&>svg]:h-auto [&>svg]:max-w-full"
          dangerouslySetInnerHTML={{ __html: renderChartSvg(chart) }}
        />
      </div>
      {children}
    </figure>
  );
}
