import type { CaseStatus } from "@/db/schema";

// Plain Chinese for screens, also in the browser: no server-only here.

export const CASE_STATUS_LABEL: Record<CaseStatus, string> = {
  accepted: "已受理",
  processing: "办理中",
  needs_supplement: "待补正",
  approved: "已办结（准予）",
  rejected: "已办结（不予）",
  ready: "待领取",
  delivered: "已领取",
  not_accepted: "不予受理",
};

/** What a villager reads on the tracking page for each kind of timeline event. */
export const CASE_EVENT_LABEL: Record<string, string> = {
  accepted: "窗口已受理",
  not_accepted: "不予受理",
  supplement_requested: "一次性告知需补正材料",
  supplemented: "补正材料已收到",
  taken: "后台科室开始办理",
  routed: "已流转至后台科室办理",
  approved: "审核通过",
  rejected: "审核不予通过",
  ready: "已办结，等待领取",
  delivered: "已领取",
};

export const CHANNEL_LABEL = { window: "窗口", weekend: "周末服务岗", village: "下村服务日" } as const;
