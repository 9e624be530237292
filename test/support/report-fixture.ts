// Report objects built by hand for the pure builders' unit tests (charts, tables, CSV, workbook,
// paragraph): figures chosen so every total can be checked by eye.
import type { Report, ReportFigures, ReportRange, WaitFigures } from "@/lib/reports/types";

const wait = (tickets: number, average: number | null, p90: number | null): WaitFigures => ({
  tickets,
  averageWaitMinutes: average,
  p90WaitMinutes: p90,
  averageServiceMinutes: average === null ? null : average / 2,
  p90ServiceMinutes: p90 === null ? null : p90 / 2,
});

function months(range: ReportRange, perMonth: (i: number) => number) {
  const out: { month: string; cases: number }[] = [];
  let [y, m] = range.from.split("-").map(Number) as [number, number];
  const [ty, tm] = range.to.split("-").map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push({ month: `${y}-${String(m).padStart(2, "0")}`, cases: perMonth(out.length) });
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

/** Figures whose totals agree: months, channels and departments each sum to `total`. */
export function figures(range: ReportRange, total: number, options: { rated?: number } = {}): ReportFigures {
  const byMonth = months(range, () => 0);
  byMonth.forEach((m, i) => (m.cases = Math.floor(total / byMonth.length) + (i < total % byMonth.length ? 1 : 0)));
  const village = Math.floor(total / 10);
  const weekend = Math.floor(total / 20);
  const social = Math.floor(total / 2);
  const notAccepted = Math.floor(total / 100);
  const finished = Math.floor((total - notAccepted) * 0.9);
  const rated = options.rated ?? Math.floor(total / 2);
  const levels = [5, 4, 3, 2, 1].map((level) => ({
    level,
    count: level === 5 ? rated - 3 * Math.floor(rated / 10) : level === 2 ? 0 : Math.floor(rated / 10),
  }));
  return {
    range,
    totals: { total, accepted: total - notAccepted, notAccepted, finished, open: total - notAccepted - finished },
    byMonth,
    byDepartment: [
      { code: "RS", name: "人力社保", cases: social, finished: Math.floor(social * 0.9) },
      { code: "MZ", name: "民政", cases: total - social, finished: Math.floor((total - social) * 0.9) },
    ],
    byItem: [
      {
        code: "RS001",
        name: "城乡居民养老保险参保登记",
        departmentName: "人力社保",
        kind: "instant",
        cases: social,
        finished: social,
      },
      {
        code: "MZ001",
        name: '=HYPERLINK("x") 低保申请',
        departmentName: "民政",
        kind: "promised",
        cases: total - social,
        finished: 0,
      },
      { code: "MZ002", name: "临时救助", departmentName: "民政", kind: "promised", cases: 0, finished: 0 },
    ],
    byChannel: [
      { channel: "window", cases: total - village - weekend },
      { channel: "weekend", cases: weekend },
      { channel: "village", cases: village },
    ],
    byVillage: village ? [{ code: "V01", name: "上田村", cases: village }] : [],
    oneVisit: {
      finished,
      oneVisit: Math.floor(finished * 0.95),
      rate: finished ? Math.floor(finished * 0.95) / finished : null,
    },
    onTime: { promised: 100, onTime: 97, rate: 0.97 },
    overdue: [
      {
        caseNo: "QC2025000042",
        itemName: "低保申请",
        departmentName: "民政",
        acceptedAt: "2025-03-02T01:30:00.000Z",
        dueDate: "2025-03-20",
        status: "processing",
        workingDaysOverdue: 4,
      },
    ],
    waiting: {
      ...wait(total, total ? 8.25 : null, total ? 19.5 : null),
      byQueue: [{ prefix: "A", name: "综合受理", ...wait(total, 8.25, 19.5) }],
      byWindow: [{ number: 1, name: "综合窗口", ...wait(total, 8.25, 19.5) }],
      heatmap: total
        ? [
            { weekday: 1, hour: 9, tickets: 40 },
            { weekday: 2, hour: 14, tickets: 12 },
            { weekday: 6, hour: 19, tickets: 3 },
          ]
        : [],
    },
    satisfaction: {
      rated,
      satisfied: levels[0]!.count + levels[1]!.count,
      rate: rated ? (levels[0]!.count + levels[1]!.count) / rated : null,
      byLevel: levels,
      badReasons: rated ? [{ reason: "效率", count: Math.floor(rated / 10) }] : [],
      followUps: { open: 2, closed: 5, overdue: 1 },
    },
  };
}

export function yearReport(year: number, total: number, previousTotal: number): Report {
  return {
    scope: { kind: "hall", hallId: 1, hallName: "千川镇便民服务中心" },
    current: figures({ from: `${year}-01-01`, to: `${year}-12-31` }, total),
    previous: figures({ from: `${year - 1}-01-01`, to: `${year - 1}-12-31` }, previousTotal),
  };
}
