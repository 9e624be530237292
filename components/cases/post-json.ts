// The staff screens' one way to call the case API: the answer, or the problem JSON's Chinese message.

export type ApiResult<T> =
  { ok: true; data: T } | { ok: false; status: number; code: string; message: string; fields: Record<string, string> };

const CONFLICT_HINT = "该办件刚被他人处理过，页面已刷新为最新状态。";

export async function callApi<T>(
  url: string,
  init: { method?: "GET" | "POST"; body?: unknown } = {},
): Promise<ApiResult<T>> {
  try {
    const response = await fetch(url, {
      method: init.method ?? "POST",
      headers: init.method === "GET" ? undefined : { "content-type": "application/json" },
      body: init.method === "GET" ? undefined : JSON.stringify(init.body ?? {}),
      cache: "no-store",
    });
    const text = await response.text();
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      body = {};
    }
    if (response.ok) return { ok: true, data: body as T };
    const code = typeof body.code === "string" ? body.code : "error";
    let message = typeof body.message === "string" ? body.message : "操作失败，请重试";
    // A 409 means another clerk or back office acted first: say so plainly, whatever the code.
    if (response.status === 409 && code !== "supplement_once") message = `${message}（${CONFLICT_HINT}）`;
    if (response.status === 401) message = "登录已过期，请重新登录";
    if (response.status === 403) message = "您没有权限进行此操作";
    const fields = (body.fields && typeof body.fields === "object" ? body.fields : {}) as Record<string, string>;
    return { ok: false, status: response.status, code, message, fields };
  } catch {
    return { ok: false, status: 0, code: "network", message: "网络连接中断，请重试", fields: {} };
  }
}
