import type { CaseStatus } from "@/db/schema";
import type { CaseView } from "@/lib/cases";
import { CASE_EVENT_LABEL } from "@/lib/cases/labels";
import { dateTimeLabel } from "@/lib/format";

// Small pieces of the case screens shared by the window, the back office and the print pages.

const STATUS_TONE: Record<CaseStatus, string> = {
  accepted: "bg-sky-100 text-sky-900",
  processing: "bg-indigo-100 text-indigo-900",
  needs_supplement: "bg-amber-100 text-amber-900",
  approved: "bg-green-100 text-green-900",
  rejected: "bg-slate-200 text-slate-900",
  ready: "bg-emerald-600 text-white",
  delivered: "bg-slate-100 text-slate-700",
  not_accepted: "bg-red-100 text-red-900",
};

export function StatusBadge({ status, label }: { status: CaseStatus; label: string }) {
  return (
    <span
      className={`inline-block rounded-md px-2 py-0.5 text-sm font-bold whitespace-nowrap ${STATUS_TONE[status] ?? ""}`}
      data-testid="case-status"
      data-status={status}
    >
      {label}
    </span>
  );
}

export function DueBadge({ dueDate, dueState }: { dueDate: string | null; dueState: CaseView["dueState"] }) {
  if (!dueDate) return <span className="text-slate-600">即办</span>;
  if (dueState === "overdue")
    return (
      <span className="rounded-md bg-red-700 px-2 py-0.5 font-bold whitespace-nowrap text-white" data-due="overdue">
        已超期 {dueDate}
      </span>
    );
  if (dueState === "soon")
    return (
      <span className="rounded-md bg-amber-300 px-2 py-0.5 font-bold whitespace-nowrap text-amber-950" data-due="soon">
        即将到期 {dueDate}
      </span>
    );
  return <span className="whitespace-nowrap">{dueDate}</span>;
}

/** An ISO instant from a read model, in the staff tables' format (lib/format). */
export function formatInstant(iso: string | Date): string {
  return dateTimeLabel(typeof iso === "string" ? new Date(iso) : iso);
}

const EVENT_LABEL: Record<string, string> = {
  accepted: "窗口受理",
  intake: "窗口受理",
  created: "窗口受理",
  taken: "后台接件",
  take: "后台接件",
  supplement_notice: "一次性补正告知",
  "supplement-notice": "一次性补正告知",
  supplement_received: "补正材料已收齐",
  "supplement-received": "补正材料已收齐",
  decided: "审批",
  decide: "审批",
  approved: "准予",
  rejected: "不予",
  ready: "办结待取",
  delivered: "已领取",
  deliver: "已领取",
  finished: "当场办结",
  not_accepted: "不予受理",
};

export function eventLabel(kind: string): string {
  return CASE_EVENT_LABEL[kind] ?? EVENT_LABEL[kind] ?? kind;
}

export function Timeline({
  events,
  statusLabel,
}: {
  events: CaseView["timeline"];
  statusLabel: Record<string, string>;
}) {
  return (
    <ol className="space-y-2" data-testid="case-timeline">
      {events.map((e, i) => (
        <li key={i} className="border-l-4 border-brand-600 pl-3">
          <p className="font-semibold">
            {eventLabel(e.kind)}
            {e.toStatus ? ` → ${statusLabel[e.toStatus] ?? e.toStatus}` : ""}
          </p>
          <p className="text-sm text-slate-600">
            {formatInstant(e.at)}
            {e.actorName ? ` · ${e.actorName}` : ""}
          </p>
          {e.note && <p className="text-sm whitespace-pre-wrap">{e.note}</p>}
        </li>
      ))}
    </ol>
  );
}
