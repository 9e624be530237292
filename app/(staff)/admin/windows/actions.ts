"use server";

import { revalidatePath } from "next/cache";
import { createQueue } from "@/lib/admin/create-queue";
import { createWindow } from "@/lib/admin/create-window";
import { createQueueBody, createWindowBody } from "@/lib/admin/schemas";
import { setDisplayNotice } from "@/lib/admin/set-display-notice";
import { updateQueue } from "@/lib/admin/update-queue";
import { updateWindow } from "@/lib/admin/update-window";
import { displayNoticeBody, updateQueueBody, updateWindowBody } from "@/lib/admin/window-schemas";
import { requireRole } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { fieldErrors } from "@/lib/http";
import { logError } from "@/lib/log";
import type { AdminFormState } from "../actions";

// The /admin/windows forms: thin — parse with the API's schema, call the operation, hand back
// Chinese field errors and what was typed. Each change reaches the kiosks and TVs at once (the
// operation publishes it in its transaction).

function valuesOf(formData: FormData) {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("$") || typeof value !== "string") continue;
    values[key] = key in values ? `${values[key]},${value}` : value;
  }
  return values;
}

async function save(
  state: AdminFormState,
  values: Record<string, string>,
  run: () => Promise<unknown>,
  ok: string,
): Promise<AdminFormState> {
  const attempt = state.attempt + 1;
  try {
    await run();
  } catch (error) {
    if (isAppError(error)) return { message: error.message, fields: error.fields, values, attempt };
    logError("window settings failed", error);
    return { message: "保存失败，请稍后再试。", values, attempt };
  }
  revalidatePath("/admin/windows");
  return { ok, attempt };
}

export async function saveWindow(state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const actor = await requireRole("admin");
  const values = valuesOf(formData);
  const parsed = updateWindowBody.safeParse({
    name: values.name ?? "",
    queues: (values.queues ?? "").split(",").filter(Boolean),
    isOpenToday: values.isOpenToday !== "0",
  });
  if (!parsed.success)
    return { message: "请按提示修改。", fields: fieldErrors(parsed.error), values, attempt: state.attempt + 1 };
  return save(
    state,
    values,
    () => updateWindow({ actor, windowId: Number(values.windowId), ...parsed.data }),
    "已保存，叫号屏和取号机已同步",
  );
}

export async function saveQueue(state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const actor = await requireRole("admin");
  const values = valuesOf(formData);
  const items = (values.items ?? "")
    .split(/[\s,，、]+/)
    .map((c) => c.trim())
    .filter(Boolean);
  const parsed = updateQueueBody.safeParse({
    name: values.name ?? "",
    dailyCap: values.dailyCap ? Number(values.dailyCap) : undefined,
    items: items.length ? items : undefined,
  });
  if (!parsed.success)
    return { message: "请按提示修改。", fields: fieldErrors(parsed.error), values, attempt: state.attempt + 1 };
  return save(
    state,
    values,
    () => updateQueue({ actor, queueId: Number(values.queueId), ...parsed.data }),
    "已保存，取号机已同步",
  );
}

export async function saveNotice(state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const actor = await requireRole("admin");
  const values = valuesOf(formData);
  const parsed = displayNoticeBody.safeParse({ notice: values.notice ?? "" });
  if (!parsed.success)
    return { message: "请按提示修改。", fields: fieldErrors(parsed.error), values, attempt: state.attempt + 1 };
  return save(state, values, () => setDisplayNotice({ actor, ...parsed.data }), "已保存，叫号屏已更新");
}

export async function addWindow(state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const actor = await requireRole("admin");
  const values = valuesOf(formData);
  const parsed = createWindowBody.safeParse({
    number: values.number ? Number(values.number) : undefined,
    name: values.name ?? "",
    queues: (values.queues ?? "").split(",").filter(Boolean),
  });
  if (!parsed.success)
    return { message: "请按提示修改。", fields: fieldErrors(parsed.error), values, attempt: state.attempt + 1 };
  return save(state, values, () => createWindow({ actor, ...parsed.data }), `已新增 ${parsed.data.number} 号窗口`);
}

export async function addQueue(state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const actor = await requireRole("admin");
  const values = valuesOf(formData);
  const parsed = createQueueBody.safeParse({
    prefix: (values.prefix ?? "").trim().toUpperCase(),
    name: values.name ?? "",
    dailyCap: values.dailyCap ? Number(values.dailyCap) : undefined,
  });
  if (!parsed.success)
    return { message: "请按提示修改。", fields: fieldErrors(parsed.error), values, attempt: state.attempt + 1 };
  return save(state, values, () => createQueue({ actor, ...parsed.data }), `已新增 ${parsed.data.prefix} 队列`);
}
