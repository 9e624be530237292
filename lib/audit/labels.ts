/**
 * The audit log in Chinese: one label per action and per kind of object, in one place. An action
 * written by any operation must have its label here (test/unit/audit-labels.test.ts reads the code for
 * `action: "…"` strings and fails on one without a label).
 *
 * Each area keeps its entries together under its own heading, so parallel changes do not collide.
 */

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  // Sign-in
  login: "登录",
  logout: "退出登录",
  "staff.change_password": "修改密码",

  // Staff and devices
  "staff.create": "新增人员",
  "staff.deactivate": "停用账号",
  "staff.unlock_sign_in": "解除登录锁定",
  "staff.revoke_sessions": "结束登录会话",
  "staff.update": "修改人员信息",
  "staff.reactivate": "启用账号",
  "staff.reset_password": "重置密码",
  "staff.end_session": "结束一个登录会话",

  // Windows and queues
  "window.create": "新增窗口",
  "queue.create": "新增队列",
  "window.update": "修改窗口",
  "queue.update": "修改队列",
  "display.set_notice": "修改大屏滚动通知",

  // Catalogue
  "item.update": "修改事项",
  "item.deactivate": "停用事项",
  "item.reactivate": "恢复事项",
  "catalogue.import": "导入事项目录",

  // Calendars
  "calendar.open": "设为办公日",
  "calendar.close": "设为停办日",
  "calendar.remove_override": "取消日历调整",
  "calendar.set_hours": "修改办公时间",
  "calendar.set_weekend_post": "安排周末服务岗",
  "calendar.cancel_weekend_post": "取消周末服务岗",
  "calendar.set_village_rotation": "安排下村服务日轮换",
  "village.update": "修改村社联系人",
  "booking.village_check_in": "下村日签到（离线上传）",

  // Cases
  "case.take_in": "受理办件",
  "case.take": "后台接件",
  "case.supplement-notice": "一次性告知补正",
  "case.supplement-received": "收到补正材料",
  "case.approve": "审批通过",
  "case.reject": "不予许可",
  "case.ready": "办结待取件",
  "case.deliver": "出件",
  "case.finish": "即办办结",

  // Ratings
  "evaluation.submit": "提交评价",
  "follow_up.close": "差评回访办结",
};

export const AUDIT_OBJECT_LABELS: Record<string, string> = {
  staff_user: "人员",
  client_address: "来访地址",
  window: "窗口",
  queue: "队列",
  calendar_day: "日历日",
  service_item: "事项",
  catalogue: "事项目录",
  opening_hours: "办公时间",
  weekend_post: "周末服务岗（每周）",
  weekend_post_date: "周末服务岗（单日）",
  village_rotation: "下村服务日轮换",
  village: "村社",
  display_notice: "大屏滚动通知",
  case: "办件",
  ticket: "取号",
  evaluation: "评价",
};

/** Why a sign-in (`login`) was refused: `detail.reason` of its line (lib/auth/login.ts). */
export const AUDIT_LOGIN_REASON_LABELS: Record<string, string> = {
  wrong_password: "密码错误",
  locked: "错误次数过多，已锁定",
  inactive: "账号已停用",
  unknown_user: "用户名不存在",
  address_throttled: "同一地址尝试过于频繁",
  backoff: "错误次数过多，已锁定",
};

export const AUDIT_RESULT_LABELS: Record<"ok" | "denied" | "failed", string> = {
  ok: "成功",
  denied: "拒绝",
  failed: "失败",
};

/** The Chinese label of an action; an unknown one shows as written rather than disappearing. */
export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

export function auditObjectLabel(objectType: string): string {
  return AUDIT_OBJECT_LABELS[objectType] ?? objectType;
}

export function auditResultLabel(result: string): string {
  return AUDIT_RESULT_LABELS[result as keyof typeof AUDIT_RESULT_LABELS] ?? result;
}

/** A line's detail in a few Chinese words for the log's table and CSV: why a sign-in was refused. */
export function auditDetailLabel(action: string, detail: Record<string, unknown> | null): string {
  if (!detail) return "";
  if (action === "login" && typeof detail.reason === "string") {
    const reason = AUDIT_LOGIN_REASON_LABELS[detail.reason] ?? detail.reason;
    return typeof detail.failures === "number" ? `${reason}（第 ${detail.failures} 次）` : reason;
  }
  if (typeof detail.reason === "string") return detail.reason;
  return "";
}
