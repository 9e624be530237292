"use client";

import { useActionState } from "react";
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import { FormAlert } from "@/components/form-alert";
import type { AdminFormState } from "../../actions";
import { addWindow } from "../actions";
import { QueueCheckboxes } from "./queue-checkboxes";

export function NewWindowForm({ queues }: { queues: { prefix: string; name: string }[] }) {
  const [state, action] = useActionState<AdminFormState, FormData>(addWindow, { attempt: 0 });
  const fields = state.fields ?? {};
  const v = state.values;
  const called = (v?.queues ?? "").split(",");
  return (
    <form
      key={state.attempt}
      action={action}
      aria-label="新增窗口"
      className="grid gap-3 rounded-xl border-2 border-dashed border-slate-300 bg-white p-4 sm:grid-cols-[8rem_1fr]"
    >
      <Field
        id="new-window-number"
        label="窗口号"
        name="number"
        inputMode="numeric"
        maxLength={2}
        defaultValue={v?.number}
        density="staff"
        error={fields.number}
      />
      <Field
        id="new-window-name"
        label="新窗口名称"
        name="name"
        maxLength={20}
        defaultValue={v?.name}
        density="staff"
        error={fields.name}
      />
      <QueueCheckboxes queues={queues} called={called} error={fields.queues} className="sm:col-span-2" />
      <div className="flex items-center gap-3 sm:col-span-2">
        <Button type="submit" size="staff" variant="secondary" pendingLabel="保存中…">
          新增窗口
        </Button>
        <FormAlert message={state.message} />
        <FormAlert message={state.ok} tone="success" />
      </div>
    </form>
  );
}
