// One error type with a code; one table maps codes to HTTP statuses and default Chinese messages.
// Database errors never reach the client: they are logged and answered as `internal`.

export const ERROR_CODES = {
  invalid_input: { status: 422, message: "提交的信息有误，请检查后重试" },
  invalid_json: { status: 400, message: "请求内容不是有效的 JSON" },
  bad_url: { status: 400, message: "网址有误，请检查后重试" },
  unauthorized: { status: 401, message: "请先登录" },
  forbidden: { status: 403, message: "没有权限进行此操作" },
  cross_origin: { status: 403, message: "请求来自其他网站，已拒绝" },
  password_change_required: { status: 403, message: "请先修改初始密码，再继续使用" },
  not_found: { status: 404, message: "没有找到相关内容" },
  method_not_allowed: { status: 405, message: "不支持此请求方式" },
  conflict: { status: 409, message: "操作与当前状态冲突，请刷新后重试" },
  confirmation_required: {
    status: 409,
    message: "此项修改会取消或改动已有预约：请核对受影响的预约数，确认后再提交",
  },
  slot_full: { status: 409, message: "该时段已约满，请选择其他时段，或登记候补" },
  slot_available: { status: 409, message: "该时段还有空位，请直接预约" },
  duplicate_booking: { status: 409, message: "您当天已预约过这个事项，无需重复预约" },
  booking_closed: { status: 409, message: "该预约已不能修改" },
  not_bookable: { status: 422, message: "该事项暂不支持网上预约，请直接到窗口办理" },
  idempotency_mismatch: { status: 422, message: "同一个请求编号（Idempotency-Key）不能用于不同的预约内容" },
  booking_suspended: { status: 403, message: "您近期多次预约未到，暂停网上预约" },
  phone_code_required: { status: 422, message: "请先点“获取验证码”，再填写短信里的 6 位验证码" },
  phone_code_invalid: { status: 422, message: "短信验证码不正确，请核对后重新填写" },
  phone_code_expired: { status: 422, message: "短信验证码已失效，请重新获取" },
  phone_code_limited: { status: 429, message: "获取验证码过于频繁，请稍后再试" },
  quota_exceeded: { status: 429, message: "您的有效预约已达上限，请先办理或取消已有预约" },
  case_state: { status: 409, message: "办件当前的状态不能进行此操作，请刷新后查看" },
  supplement_once: { status: 409, message: "该办件已发出过一次性补正告知，不能再次告知" },
  id_mismatch: { status: 422, message: "身份证号码与办件登记的不一致，请核对本人身份后再领取" },
  already_rated: { status: 409, message: "已经评价过了，感谢您的评价" },
  follow_up_closed: { status: 409, message: "该差评回访已办结" },
  invalid_year: { status: 400, message: "年份有误：请选择 2000 年至今年之间的年份" },
  invalid_range: {
    status: 400,
    message: "统计时间段有误：开始日期不能晚于结束日期，最长 3 年，且在 2000 年至今年之间",
  },
  payload_too_large: { status: 413, message: "提交的内容过大" },
  unsupported_media_type: { status: 415, message: "请以 JSON 格式提交" },
  locked: { status: 423, message: "账户已被锁定，请 15 分钟后再试" },
  rate_limited: { status: 429, message: "操作过于频繁，请稍后再试" },
  too_many_streams: { status: 429, message: "此设备打开的实时叫号页面过多，请关闭一些后再试" },
  streams_exhausted: { status: 503, message: "实时叫号连接已满，请稍后再试" },
  unavailable: { status: 503, message: "服务暂时不可用，请稍后再试" },
  internal: { status: 500, message: "系统繁忙，请稍后再试" },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: FieldErrors;
  /** Seconds, for 429 answers: sent as Retry-After. */
  readonly retryAfter?: number;
  /** What a code documents beside message and fields (quota_exceeded: the bookings that fill it). */
  readonly details?: ProblemDetails;

  constructor(
    code: ErrorCode,
    message?: string,
    fields?: FieldErrors,
    options: { retryAfter?: number; details?: ProblemDetails } = {},
  ) {
    super(message ?? ERROR_CODES[code].message);
    this.name = "AppError";
    this.code = code;
    this.fields = fields;
    this.retryAfter = options.retryAfter;
    this.details = options.details;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** A booking that fills a quota, as a quota_exceeded answer lists it to the phone that proved itself. */
export interface QuotaBooking {
  code: string;
  service: { code: string; name: string };
  date: string;
  start: string;
  end: string;
  /** The applicant's name, masked (张*明). */
  name: string;
}

export interface ProblemDetails {
  bookings?: QuotaBooking[];
  /** Bookings that fill the applicant's quota but were made with another phone: counted, not shown. */
  otherPhoneBookings?: number;
}

export interface Problem extends ProblemDetails {
  code: ErrorCode;
  message: string;
  fields?: FieldErrors;
}

export function toProblem(error: AppError): Problem {
  return {
    code: error.code,
    message: error.message,
    ...(error.fields ? { fields: error.fields } : {}),
    ...error.details,
  };
}
