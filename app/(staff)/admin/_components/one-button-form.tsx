"use client";

import { useActionState } from "react";
import { Button } from "@/components/button";
import type { AdminFormState } from "../actions";

/**
 * An admin action of one button on one object (unlock, force sign-out, end a session): the
 * object's id in a hidden field, an optional confirm question, the answer beside the button.
 */
export function OneButtonForm(props: {
  action: (state: AdminFormState, formData: FormData) => Promise<AdminFormState>;
  hidden: Record<string, string | number>;
  label: string;
  pendingLabel: string;
  /** Names the object for screen readers: "解除登录限制 clerk1". */
  ariaLabel: string;
  /** Shown instead of the form once it worked, or beside the button when `keepButton`. */
  doneLabel: string;
  keepButton?: boolean;
  confirm?: string;
}) {
  const [state, action] = useActionState<AdminFormState, FormData>(props.action, { attempt: 0 });
  const done = (
    <span role="status" className="text-sm text-emerald-700">
      {props.doneLabel}
    </span>
  );
  if (state.ok && !props.keepButton) return done;
  return (
    <form
      action={action}
      onSubmit={(event) => {
        if (props.confirm && !window.confirm(props.confirm)) event.preventDefault();
      }}
      className="flex items-center gap-2"
    >
      {Object.entries(props.hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button
        type="submit"
        size="compact"
        variant="secondary"
        pendingLabel={props.pendingLabel}
        aria-label={props.ariaLabel}
      >
        {props.label}
      </Button>
      {state.ok && done}
      {state.message && (
        <span role="alert" className="text-sm text-red-700">
          {state.message}
        </span>
      )}
    </form>
  );
}
