"use client";

import { useActionState } from "react";
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import { FormAlert } from "@/components/form-alert";
import type { AdminFormState } from "../../actions";
import { saveNotice } from "../actions";

export function NoticeForm({ notice, defaultNotice }: { notice: string | null; defaultNotice: string }) {
  const [state, action] = useActionState<AdminFormState, FormData>(saveNotice, { attempt: 0 });
  // Ids unique on the page: several forms have fields of the same name.
  const idPrefix = "notice-";
  const fields = state.fields ?? {};
  return (
    <form
      key={state.attempt}
      action={action}
      aria-label="叫号屏滚动通知"
      className="space-y-3 rounded-xl bg-white p-4 shadow-sm"
    >
      <Field
        as="textarea"
        label="叫号屏滚动通知"
        name="notice"
        id={`${idPrefix}notice`}
        rows={2}
        maxLength={200}
        defaultValue={state.values?.notice ?? notice ?? ""}
        hint={`留空则显示默认通知：${defaultNotice}`}
        density="staff"
        error={fields.notice}
      />
      <div className="flex items-center gap-3">
        <Button type="submit" size="staff" pendingLabel="保存中…">
          保存通知
        </Button>
        <FormAlert message={state.message} />
        <FormAlert message={state.ok} tone="success" />
      </div>
    </form>
  );
}
