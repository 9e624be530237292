"use client";

import { useActionState } from "react";
import type { AdminFormState } from "../../actions";
import { removeOverride } from "../actions";
import { ChangeFooter } from "./change-footer";

/** 取消调整 of one override row, with the confirm step when the day's bookings would go. */
export function RemoveOverrideButton({ date }: { date: string }) {
  const [state, action] = useActionState<AdminFormState, FormData>(removeOverride, { attempt: 0 });
  return (
    <form key={state.attempt} action={action} aria-label={`取消 ${date} 的调整`}>
      <input type="hidden" name="date" value={date} />
      <ChangeFooter state={state} label="取消调整" />
    </form>
  );
}
