// The work report's paragraph, written from the figures the way a town writes it:
// "全年窗口受理办件 6,935 件，同比增长 4.2%，最多跑一次率 96.1%，群众满意率 99.3%。"
// A figure with nothing behind it (no cases last year, no ratings) is left out, never given as 0.
// No server-only: pure.
import { countLabel, rangeLabel, rateLabel, wholeYearOf } from "@/lib/reports/figures-format";
import { yearOnYear, type Report } from "@/lib/reports/types";
import { shanghaiDate } from "@/lib/time/zone";

function changeClause(current: number, previous: number): string {
  const change = yearOnYear(current, previous);
  if (change === null) return "上年同期无办件，无法比较";
  const percent = Math.abs(change * 100).toFixed(1);
  if (percent === "0.0") return "与上年同期持平";
  return `同比${change > 0 ? "增长" : "下降"} ${percent}%`;
}

/** The paragraph as sentences; the page joins them, the print view sets them as one paragraph. */
export function buildReportParagraph(report: Report, options: { hallName?: string; today?: string } = {}): string {
  const { current, previous } = report;
  const { totals } = current;
  const today = options.today ?? shanghaiDate();
  const year = wholeYearOf(current.range);
  // A year still running reads "2026 年以来（截至 11 月 27 日）", compared with the same days of last year.
  const period =
    year === null
      ? `${rangeLabel(current.range)}，`
      : today < current.range.to && today >= current.range.from
        ? `${year} 年以来（截至 ${Number(today.slice(5, 7))} 月 ${Number(today.slice(8, 10))} 日）`
        : `${year} 年全年`;
  const where = options.hallName ? `${options.hallName}` : "";

  const first = [
    `${period}${where}窗口受理办件 ${countLabel(totals.total)} 件，${changeClause(totals.total, previous.totals.total)}`,
  ];
  if (totals.total > 0) {
    if (totals.notAccepted > 0) first.push(`其中不予受理 ${countLabel(totals.notAccepted)} 件`);
    first.push(`办结 ${countLabel(totals.finished)} 件`);
    if (current.oneVisit.rate !== null) first.push(`最多跑一次率 ${rateLabel(current.oneVisit.rate)}`);
    if (current.onTime.rate !== null) first.push(`承诺件按时办结率 ${rateLabel(current.onTime.rate)}`);
  }
  if (current.satisfaction.rate !== null) {
    first.push(
      `群众满意率 ${rateLabel(current.satisfaction.rate)}（共 ${countLabel(current.satisfaction.rated)} 条评价）`,
    );
  }
  const sentences = [`${first.join("，")}。`];

  const busiest = [...current.byDepartment]
    .sort((a, b) => b.cases - a.cases)
    .slice(0, 3)
    .filter((d) => d.cases > 0);
  if (busiest.length > 0) {
    sentences.push(`办件量居前的部门为${busiest.map((d) => `${d.name}（${countLabel(d.cases)} 件）`).join("、")}。`);
  }
  const village = current.byChannel.find((c) => c.channel === "village")?.cases ?? 0;
  const weekend = current.byChannel.find((c) => c.channel === "weekend")?.cases ?? 0;
  if (village + weekend > 0) {
    sentences.push(`周末服务岗受理 ${countLabel(weekend)} 件，周二主题下村日受理 ${countLabel(village)} 件。`);
  }
  if (current.waiting.averageWaitMinutes !== null) {
    sentences.push(
      `群众平均等候 ${current.waiting.averageWaitMinutes.toFixed(1)} 分钟，九成在 ${current.waiting.p90WaitMinutes?.toFixed(1) ?? "—"} 分钟内叫号。`,
    );
  }
  return sentences.join("");
}
