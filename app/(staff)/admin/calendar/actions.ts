"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { setCalendarOverride } from "@/lib/admin/calendar";
import type { CalendarChangeResult } from "@/lib/admin/calendar-change";
import {
  openingHoursBody,
  overrideBody,
  villageBody,
  villageRotationBody,
  weekendPostBody,
} from "@/lib/admin/calendar-schemas";
import { removeCalendarOverride } from "@/lib/admin/remove-calendar-override";
import { setOpeningHours } from "@/lib/admin/set-opening-hours";
import { setVillageRotation } from "@/lib/admin/set-village-rotation";
import { setWeekendPost } from "@/lib/admin/set-weekend-post";
import { updateVillage } from "@/lib/admin/update-village";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { fieldErrors } from "@/lib/http";
import { logError } from "@/lib/log";
import { isValidDate } from "@/lib/time";
import type { AdminFormState } from "../actions";

// The calendar pages' forms: each parses what was typed with the same schema as the API, runs the
// domain operation and, when the change would cancel or move bookings, hands the count back for a
// confirm step (the form then sends `confirmAffected`). What was typed comes back on every refusal.

type Values = Record<string, string>;

function valuesOf(formData: FormData): Values {
  const values: Values = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("$") || typeof value !== "string") continue;
    values[key] = key in values ? `${values[key]},${value}` : value;
  }
  return values;
}

const optionalNumber = (value: string | undefined) => (value ? Number(value) : undefined);

async function runChange<S extends z.ZodType>(
  state: AdminFormState,
  formData: FormData,
  step: {
    schema: S;
    body: (values: Values) => unknown;
    run: (actor: Actor, data: z.infer<S>) => Promise<CalendarChangeResult>;
    ok: (result: Extract<CalendarChangeResult, { status: "saved" }>) => string;
    path: string;
  },
): Promise<AdminFormState> {
  const actor = await requireRole("admin");
  const values = valuesOf(formData);
  delete values.confirmAffected;
  const attempt = state.attempt + 1;
  const parsed = step.schema.safeParse({
    ...(step.body(values) as object),
    confirmAffected: optionalNumber(String(formData.get("confirmAffected") ?? "")),
  });
  if (!parsed.success) return { message: "请按提示修改。", fields: fieldErrors(parsed.error), values, attempt };
  let result: CalendarChangeResult;
  try {
    result = await step.run(actor, parsed.data);
  } catch (error) {
    if (isAppError(error)) return { message: error.message, fields: error.fields, values, attempt };
    logError("calendar change failed", error);
    return { message: "保存失败，请稍后再试。", values, attempt };
  }
  if (result.status === "needs_confirmation")
    return {
      message: `此项修改将取消或改动 ${result.affected} 个已有预约，并给每位群众发一条短信。核对无误请点“确认保存”。`,
      confirm: { affected: result.affected },
      values,
      attempt,
    };
  revalidatePath(step.path);
  return { ok: step.ok(result), attempt };
}

function told(result: { cancelled: number; moved: number; waitlist: number }) {
  const parts = [
    result.cancelled > 0 ? `已取消 ${result.cancelled} 个预约` : "",
    result.moved > 0 ? `${result.moved} 个预约改了地点` : "",
    result.waitlist > 0 ? `关闭 ${result.waitlist} 个候补` : "",
  ].filter(Boolean);
  return parts.length > 0 ? `；${parts.join("、")}，均已短信通知` : "";
}

const times = (v: Values, ...keys: string[]) => Object.fromEntries(keys.map((k) => [k, v[k] ?? ""]));

export async function saveOpeningHours(state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  return runChange(state, formData, {
    schema: openingHoursBody,
    body: (v) => ({
      weekdays: (v.weekdays ?? "").split(",").filter(Boolean).map(Number),
      ...times(v, "morningStart", "morningEnd", "afternoonStart", "afternoonEnd"),
    }),
    run: (actor, data) => setOpeningHours({ actor, ...data }),
    ok: (r) => `已保存办公时间，明天起执行${told(r)}`,
    path: "/admin/calendar",
  });
}

const postOf = (v: Values) =>
  v.isOn === "0"
    ? null
    : {
        location: v.location ?? "",
        startTime: v.startTime ?? "",
        endTime: v.endTime ?? "",
        staffUserId: v.staffUserId ? Number(v.staffUserId) : null,
      };

export async function saveWeekendPost(state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const weekday = formData.get("weekday") === "7" ? 7 : 6;
  return runChange(state, formData, {
    schema: weekendPostBody,
    body: (v) => ({ post: postOf(v) }),
    run: (actor, data) => setWeekendPost({ actor, weekday, ...data }),
    ok: (r) => `已保存${weekday === 6 ? "周六" : "周日"}服务岗安排${told(r)}`,
    path: "/admin/calendar",
  });
}

const datedPostBody = weekendPostBody.extend({
  date: z.string().refine(isValidDate, "请选择日期"),
});

export async function saveDatedPost(state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  return runChange(state, formData, {
    schema: datedPostBody,
    body: (v) => ({ date: v.date ?? "", post: postOf(v) }),
    run: (actor, { date, ...data }) => setWeekendPost({ actor, date, ...data }),
    ok: (r) => `已保存该日服务岗${told(r)}`,
    path: "/admin/calendar",
  });
}

const overrideForm = overrideBody.extend({ date: z.string().refine(isValidDate, "请选择日期") });

export async function saveCalendarOverride(state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  return runChange(state, formData, {
    schema: overrideForm,
    body: (v) => ({ date: v.date ?? "", isOpen: v.isOpen === "1", reason: v.reason ?? "" }),
    run: (actor, data) => setCalendarOverride({ actor, ...data }),
    ok: (r) => `已保存${told(r)}`,
    path: "/admin/calendar",
  });
}

const removeForm = z.object({
  date: z.string().refine(isValidDate, "请选择日期"),
  confirmAffected: z.number().optional(),
});

export async function removeOverride(state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  return runChange(state, formData, {
    schema: removeForm,
    body: (v) => ({ date: v.date ?? "" }),
    run: (actor, data) => removeCalendarOverride({ actor, ...data }),
    ok: (r) => `已取消该日调整，恢复按国家日历办公${told(r)}`,
    path: "/admin/calendar",
  });
}

/**
 * The rotation form: the villages by their order number (`order_<id>`, blank = not visited) with
 * their place (`location_<id>`); the themes one a line, `主题：类别、类别`.
 */
function rotationOf(v: Values) {
  const villages = Object.keys(v)
    .filter((k) => k.startsWith("order_") && v[k].trim() !== "")
    .map((k) => {
      const id = Number(k.slice(6));
      return { order: Number(v[k]), villageId: id, location: (v[`location_${id}`] ?? "").trim() };
    })
    .sort((a, b) => a.order - b.order)
    .map(({ villageId, location }) => ({ villageId, location }));
  const themes = (v.themes ?? "")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [theme, list = ""] = line.split(/[：:]/);
      return {
        theme: theme.trim(),
        categories: list
          .split(/[、,，]/)
          .map((c) => c.trim())
          .filter(Boolean),
      };
    });
  return {
    startsOn: v.startsOn ?? "",
    weekday: Number(v.weekday ?? "2"),
    startTime: v.startTime ?? "",
    endTime: v.endTime ?? "",
    staffUserId: v.staffUserId ? Number(v.staffUserId) : null,
    villages,
    themes,
  };
}

export async function saveVillageRotation(state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const result = await runChange(state, formData, {
    schema: villageRotationBody,
    body: rotationOf,
    run: (actor, data) => setVillageRotation({ actor, ...data }),
    ok: (r) => `已保存下村服务日轮换${told(r)}`,
    path: "/admin/calendar/villages",
  });
  // A field of a nested list (villages.0.location, themes.1.categories) is shown at its list.
  if (result.fields)
    for (const key of Object.keys(result.fields)) {
      const top = key.split(".")[0];
      if (top !== key) result.fields[top] ??= result.fields[key];
    }
  return result;
}

export async function saveVillageContact(state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const actor = await requireRole("admin");
  const values = valuesOf(formData);
  const attempt = state.attempt + 1;
  const parsed = villageBody.safeParse({
    contactName: values.contactName?.trim() || null,
    contactPhone: values.contactPhone?.trim() || null,
  });
  if (!parsed.success) return { message: "请按提示修改。", fields: fieldErrors(parsed.error), values, attempt };
  try {
    await updateVillage({ actor, villageId: Number(values.villageId), ...parsed.data });
  } catch (error) {
    if (isAppError(error)) return { message: error.message, fields: error.fields, values, attempt };
    logError("village contact failed", error);
    return { message: "保存失败，请稍后再试。", values, attempt };
  }
  revalidatePath("/admin/calendar/villages");
  return { ok: "已保存联系人", attempt };
}
