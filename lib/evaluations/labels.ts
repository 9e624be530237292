// 好差评: the national five levels and the reasons of a poor rating. No server-only: screens use them.

export const EVALUATION_REASONS = ["态度", "效率", "材料反复提交", "系统问题", "其他"] as const;
export type EvaluationReason = (typeof EVALUATION_REASONS)[number];

export const LEVEL_LABEL: Record<1 | 2 | 3 | 4 | 5, string> = {
  5: "非常满意",
  4: "满意",
  3: "基本满意",
  2: "不满意",
  1: "非常不满意",
};

/** 差评整改: a level of 2 or less opens a follow-up due in 15 working days. */
export const FOLLOW_UP_WORKING_DAYS = 15;
