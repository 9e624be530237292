"use client";

import { useActionState } from "react";
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import { FormAlert } from "@/components/form-alert";
import type { AdminFormState } from "../../actions";
import { addQueue } from "../actions";

export function NewQueueForm() {
  const [state, action] = useActionState<AdminFormState, FormData>(addQueue, { attempt: 0 });
  const fields = state.fields ?? {};
  const v = state.values;
  return (
    <form
      key={state.attempt}
      action={action}
      aria-label="新增队列"
      className="grid gap-3 rounded-xl border-2 border-dashed border-slate-300 bg-white p-4 sm:grid-cols-[8rem_1fr_10rem]"
    >
      <Field
        id="new-queue-prefix"
        label="字头"
        name="prefix"
        maxLength={1}
        defaultValue={v?.prefix}
        density="staff"
        error={fields.prefix}
        controlClassName="uppercase"
      />
      <Field
        id="new-queue-name"
        label="新队列名称"
        name="name"
        maxLength={20}
        defaultValue={v?.name}
        density="staff"
        error={fields.name}
      />
      <Field
        id="new-queue-cap"
        label="每日上限（默认 300）"
        name="dailyCap"
        inputMode="numeric"
        maxLength={3}
        defaultValue={v?.dailyCap}
        density="staff"
        error={fields.dailyCap}
      />
      <div className="flex items-center gap-3 sm:col-span-3">
        <Button type="submit" size="staff" variant="secondary" pendingLabel="保存中…">
          新增队列
        </Button>
        <FormAlert message={state.message} />
        <FormAlert message={state.ok} tone="success" />
      </div>
    </form>
  );
}
