// The manager's report: the shape every view of it is built from — the /reports page and its
// charts, the print view, the Excel workbook, the CSV tables and the JSON API. No server-only:
// the pure builders (charts, workbook, CSV, the report paragraph) and their tests use it.
import type { Channel } from "@/db/schema";

/** Dates in Asia/Shanghai, `YYYY-MM-DD`, both ends included. */
export interface ReportRange {
  from: string;
  to: string;
}

/** Whose figures: one hall, or every hall of the district together. */
export type ReportScope = { kind: "hall"; hallId: number; hallName: string } | { kind: "district" };

/** A share, 0…1; `null` when there is nothing to divide by (never shown as 0 %). */
export type Rate = number | null;

export interface CaseTotals {
  /** Every case taken in (受理 or 不予受理) whose `accepted_at` falls in the range. */
  total: number;
  /** total − notAccepted */
  accepted: number;
  /** 不予受理 */
  notAccepted: number;
  /** 办结: decided (approved or rejected) or delivered, whatever came after. */
  finished: number;
  /** accepted − finished: still at the window or the back office, or waiting for 补正. */
  open: number;
}

export interface WaitFigures {
  /** Tickets called in the range (waiting = called − issued; service = finished − started or called). */
  tickets: number;
  averageWaitMinutes: number | null;
  p90WaitMinutes: number | null;
  averageServiceMinutes: number | null;
  p90ServiceMinutes: number | null;
}

export interface ReportFigures {
  range: ReportRange;
  totals: CaseTotals;
  /** One row per calendar month the range touches, in order; `month` is `YYYY-MM`. */
  byMonth: { month: string; cases: number }[];
  /** Every department with cases or items in the scope, most cases first. */
  byDepartment: { code: string; name: string; cases: number; finished: number }[];
  /** Every item of the catalogue (all 95, with 0 where none), most cases first. */
  byItem: {
    code: string;
    name: string;
    departmentName: string;
    kind: "instant" | "promised";
    cases: number;
    finished: number;
  }[];
  /** Every channel (window, weekend, village), in that order, with 0 where none. */
  byChannel: { channel: Channel; cases: number }[];
  /** Village-day cases by village, most first (villages without cases left out). */
  byVillage: { code: string; name: string; cases: number }[];
  /**
   * 最多跑一次: of the finished cases, those the villager came for at most once — no 补正 notice,
   * and delivered at the first visit (an instant item finished at the window) or by post.
   */
  oneVisit: { finished: number; oneVisit: number; rate: Rate };
  /** 承诺件 decided in the range: on time when decided on or before the (补正-moved) due date. */
  onTime: { promised: number; onTime: number; rate: Rate };
  /** Open 承诺件 past their due date today, most overdue first (at most 200 rows). */
  overdue: {
    caseNo: string;
    itemName: string;
    departmentName: string;
    acceptedAt: string;
    dueDate: string;
    status: string;
    workingDaysOverdue: number;
  }[];
  waiting: WaitFigures & {
    byQueue: ({ prefix: string; name: string } & WaitFigures)[];
    byWindow: ({ number: number; name: string } & WaitFigures)[];
    /** Tickets issued by weekday (1 = Monday … 7 = Sunday) and hour (0–23); only non-zero cells. */
    heatmap: { weekday: number; hour: number; tickets: number }[];
  };
  /** 好差评 given in the range (on cases and on visits). */
  satisfaction: {
    rated: number;
    /** Levels 4 and 5 (满意, 非常满意). */
    satisfied: number;
    rate: Rate;
    /** All five levels, 5 first, with 0 where none. */
    byLevel: { level: number; count: number }[];
    /** Reasons given with the poor ratings (levels 1–2), most frequent first. */
    badReasons: { reason: string; count: number }[];
    /** Follow-ups of the poor ratings given in the range: open, closed, and open past their due date. */
    followUps: { open: number; closed: number; overdue: number };
  };
}

export interface Report {
  scope: ReportScope;
  /** The range asked for. */
  current: ReportFigures;
  /** The same dates a year earlier (同比). */
  previous: ReportFigures;
}

/** The district's side-by-side view: each hall's headline figures for the range. */
export interface DistrictOverview {
  range: ReportRange;
  halls: {
    hallId: number;
    code: string;
    name: string;
    totals: CaseTotals;
    previousTotal: number;
    oneVisitRate: Rate;
    onTimeRate: Rate;
    satisfactionRate: Rate;
  }[];
}

/** 同比: the change from last year's figure as a share (0.05 = +5 %); `null` when last year had none. */
export function yearOnYear(current: number, previous: number): Rate {
  return previous === 0 ? null : (current - previous) / previous;
}
