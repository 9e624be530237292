"use client";

import { useActionState } from "react";
import { Button } from "@/components/button";
import { FormAlert } from "@/components/form-alert";
import { changeItemActive, type ItemFormState } from "../actions";

/** 停用 / 恢复 an item: never a delete, so its cases and reports keep it. */
export function ActiveToggle({ code, isActive }: { code: string; isActive: boolean }) {
  const [state, action] = useActionState<ItemFormState, FormData>(changeItemActive, { attempt: 0 });
  return (
    <form action={action} className="flex flex-wrap items-center gap-3">
      <input type="hidden" name="code" value={code} />
      <input type="hidden" name="isActive" value={isActive ? "0" : "1"} />
      <Button type="submit" size="compact" variant={isActive ? "danger" : "primary"} pendingLabel="处理中…">
        {isActive ? "停用该事项" : "恢复该事项"}
      </Button>
      <FormAlert message={state.message} />
      <FormAlert message={state.ok} tone="success" />
    </form>
  );
}
