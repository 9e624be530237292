"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireRole } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { closeFollowUp } from "@/lib/evaluations";
import { logError } from "@/lib/log";

export interface CloseState {
  message?: string;
  fields?: Record<string, string>;
  done?: boolean;
  attempt: number;
}

const closeForm = z.object({
  id: z.coerce.number().int().positive(),
  callbackNote: z.string().trim().min(1, "请填写回访情况").max(500, "回访情况不能超过 500 字"),
  change: z.string().trim().min(1, "请填写整改措施").max(500, "整改措施不能超过 500 字"),
});

/** 差评整改: the manager closes a follow-up with the callback and what was changed. */
export async function closeFollowUpAction(state: CloseState, formData: FormData): Promise<CloseState> {
  const parsed = closeForm.safeParse({
    id: formData.get("id"),
    callbackNote: formData.get("callbackNote") ?? "",
    change: formData.get("change") ?? "",
  });
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[String(issue.path[0])] ??= issue.message;
    return { message: "请按提示填写。", fields, attempt: state.attempt + 1 };
  }
  try {
    const actor = await requireRole("manager", "admin");
    await closeFollowUp({ actor, ...parsed.data });
  } catch (error) {
    if (isAppError(error)) return { message: error.message, attempt: state.attempt + 1 };
    logError("closing a follow-up failed", error);
    return { message: "系统繁忙，请稍后再试。", attempt: state.attempt + 1 };
  }
  revalidatePath("/reports/follow-ups");
  return { done: true, attempt: state.attempt + 1 };
}
