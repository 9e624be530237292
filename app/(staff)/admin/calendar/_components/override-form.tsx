"use client";

import { useActionState } from "react";
import { Field } from "@/components/field";
import type { AdminFormState } from "../../actions";
import { saveCalendarOverride } from "../actions";
import { ChangeFooter } from "./change-footer";

export function OverrideForm({ minDate }: { minDate: string }) {
  const [state, action] = useActionState<AdminFormState, FormData>(saveCalendarOverride, { attempt: 0 });
  // Ids unique on the page: several forms have fields of the same name.
  const idPrefix = "override-";
  const fields = state.fields ?? {};
  const values = state.values;
  return (
    // The key remounts the inputs with what was typed, after React resets the form.
    <form
      key={state.attempt}
      action={action}
      aria-label="节假日调整"
      className="grid gap-3 rounded-xl bg-white p-4 shadow-sm sm:grid-cols-3"
    >
      <Field
        label="日期"
        name="date"
        id={`${idPrefix}date`}
        type="date"
        min={minDate}
        required
        defaultValue={values?.date}
        density="staff"
        error={fields.date}
      />
      <Field
        as="select"
        label="这一天"
        name="isOpen"
        id={`${idPrefix}isOpen`}
        defaultValue={values?.isOpen ?? "0"}
        density="staff"
      >
        <option value="0">休息（不接受预约）</option>
        <option value="1">开放（调休上班等）</option>
      </Field>
      <Field
        label="原因（群众可见）"
        name="reason"
        id={`${idPrefix}reason`}
        maxLength={30}
        placeholder="如：防汛值守、系统升级"
        defaultValue={values?.reason}
        density="staff"
        error={fields.reason}
      />
      <ChangeFooter state={state} className="sm:col-span-3" />
    </form>
  );
}
