"use client";

import { useActionState } from "react";
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import { FormAlert } from "@/components/form-alert";
import { saveCalendarOverride, type AdminFormState } from "../../actions";

export function OverrideForm({ minDate }: { minDate: string }) {
  const [state, action] = useActionState<AdminFormState, FormData>(saveCalendarOverride, { attempt: 0 });
  const fields = state.fields ?? {};
  const values = state.values;
  return (
    // The key remounts the inputs with what was typed, after React resets the form.
    <form key={state.attempt} action={action} className="grid gap-3 rounded-xl bg-white p-4 shadow-sm sm:grid-cols-4">
      <Field
        label="日期"
        name="date"
        type="date"
        min={minDate}
        required
        defaultValue={values?.date}
        density="staff"
        error={fields.date}
      />
      <Field as="select" label="这一天" name="isOpen" defaultValue={values?.isOpen ?? "0"} density="staff">
        <option value="0">休息（不接受预约）</option>
        <option value="1">开放（调休上班等）</option>
      </Field>
      <Field
        label="原因（群众可见）"
        name="reason"
        maxLength={30}
        placeholder="如：防汛值守、系统升级"
        defaultValue={values?.reason}
        density="staff"
        error={fields.reason}
      />
      <div className="flex items-end">
        <Button type="submit" size="staff" pendingLabel="保存中…" className="w-full">
          保存
        </Button>
      </div>
      <FormAlert message={state.message} className="sm:col-span-4" />
      <FormAlert message={state.ok} tone="success" className="sm:col-span-4" />
    </form>
  );
}
