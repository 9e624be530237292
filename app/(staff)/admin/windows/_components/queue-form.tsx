"use client";

import { useActionState } from "react";
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import { FormAlert } from "@/components/form-alert";
import type { AdminFormState } from "../../actions";
import { saveQueue } from "../actions";

export function QueueForm({
  queue,
}: {
  queue: { id: number; prefix: string; name: string; dailyCap: number; items: number };
}) {
  const [state, action] = useActionState<AdminFormState, FormData>(saveQueue, { attempt: 0 });
  // Ids unique on the page: several forms have fields of the same name.
  const idPrefix = `queue-${queue.id}-`;
  const fields = state.fields ?? {};
  const v = state.values;
  return (
    <form
      key={state.attempt}
      action={action}
      aria-label={`${queue.prefix} 队列`}
      className="grid gap-3 rounded-xl bg-white p-4 shadow-sm sm:grid-cols-[4rem_1fr_10rem]"
    >
      <input type="hidden" name="queueId" value={queue.id} />
      <p className="self-center text-2xl font-bold">{queue.prefix}</p>
      <Field
        label="队列名称"
        name="name"
        id={`${idPrefix}name`}
        maxLength={20}
        defaultValue={v?.name ?? queue.name}
        density="staff"
        error={fields.name}
      />
      <Field
        label="每日上限"
        name="dailyCap"
        id={`${idPrefix}dailyCap`}
        inputMode="numeric"
        maxLength={3}
        defaultValue={v?.dailyCap ?? String(queue.dailyCap)}
        density="staff"
        error={fields.dailyCap}
      />
      <Field
        label="改由本队列取号的事项编码"
        name="items"
        id={`${idPrefix}items`}
        hint={`现有 ${queue.items} 个事项在本队列取号；填事项编码（空格或逗号分隔），这些事项改到本队列`}
        defaultValue={v?.items}
        density="staff"
        error={fields.items}
        className="sm:col-span-3"
      />
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
