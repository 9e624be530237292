import { trendOf, yearOnYearLabel, pointsChangeLabel } from "@/lib/reports/figures-format";
import { yearOnYear } from "@/lib/reports/types";

const TREND_CLASS = { up: "text-emerald-700", down: "text-red-700", flat: "text-slate-600", none: "text-slate-600" };

/**
 * One headline figure beside last year's: a count with its 同比 in percent, or a share with its
 * change in percentage points. `isLowerBetter` colours a fall green (waiting times, open cases).
 */
export function CompareCard({
  label,
  value,
  previousValue,
  current,
  previous,
  kind,
  note,
  isLowerBetter = false,
  testId,
}: {
  label: string;
  /** The figure as text ("6,935", "96.1%"). */
  value: string;
  previousValue: string;
  current: number | null;
  previous: number | null;
  kind: "count" | "rate";
  note?: string;
  isLowerBetter?: boolean;
  testId?: string;
}) {
  const change =
    kind === "count"
      ? current === null || previous === null
        ? null
        : yearOnYear(current, previous)
      : current === null || previous === null
        ? null
        : current - previous;
  let trend = trendOf(change);
  if (isLowerBetter && (trend === "up" || trend === "down")) trend = trend === "up" ? "down" : "up";
  const changeText = kind === "count" ? yearOnYearLabel(change) : pointsChangeLabel(current, previous);
  return (
    <div className="rounded-xl bg-white p-4 shadow-sm">
      <p className="text-sm text-slate-600">{label}</p>
      <p className="text-3xl font-bold tabular-nums" data-testid={testId}>
        {value}
      </p>
      <p className="mt-1 text-sm text-slate-600">
        上年同期 <span className="tabular-nums">{previousValue}</span>
        <span className={`ml-2 font-semibold ${TREND_CLASS[trend]}`}>
          <span className="sr-only">同比</span>
          {changeText}
        </span>
      </p>
      {note && <p className="text-xs text-slate-500">{note}</p>}
    </div>
  );
}
