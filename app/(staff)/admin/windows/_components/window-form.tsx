"use client";

import { useActionState } from "react";
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import { FormAlert } from "@/components/form-alert";
import type { AdminFormState } from "../../actions";
import { saveWindow } from "../actions";
import { QueueCheckboxes } from "./queue-checkboxes";

export function WindowForm({
  window,
  queues,
}: {
  window: { id: number; number: number; name: string; queues: string[]; isOpenToday: boolean };
  queues: { prefix: string; name: string }[];
}) {
  const [state, action] = useActionState<AdminFormState, FormData>(saveWindow, { attempt: 0 });
  // Ids unique on the page: several forms have fields of the same name.
  const idPrefix = `window-${window.id}-`;
  const fields = state.fields ?? {};
  const v = state.values;
  const called = v ? (v.queues ?? "").split(",") : window.queues;
  return (
    <form
      key={state.attempt}
      action={action}
      aria-label={`${window.number}号窗口`}
      className="grid gap-3 rounded-xl bg-white p-4 shadow-sm sm:grid-cols-[6rem_1fr_12rem]"
    >
      <input type="hidden" name="windowId" value={window.id} />
      <p className="self-center text-2xl font-bold">{window.number} 号</p>
      <Field
        label="窗口名称"
        name="name"
        id={`${idPrefix}name`}
        maxLength={20}
        defaultValue={v?.name ?? window.name}
        density="staff"
        error={fields.name}
      />
      <Field
        as="select"
        label="今天"
        name="isOpenToday"
        id={`${idPrefix}isOpenToday`}
        defaultValue={v?.isOpenToday ?? (window.isOpenToday ? "1" : "0")}
        density="staff"
      >
        <option value="1">开放</option>
        <option value="0">暂停（今天）</option>
      </Field>
      <QueueCheckboxes queues={queues} called={called} error={fields.queues} className="sm:col-span-3" />
      <div className="flex items-center gap-3 sm:col-span-3">
        <Button type="submit" size="staff" pendingLabel="保存中…">
          保存
        </Button>
        <FormAlert message={state.message} />
        <FormAlert message={state.ok} tone="success" />
      </div>
    </form>
  );
}
