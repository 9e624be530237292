"use client";

import { Button } from "@/components/button";
import { FormAlert } from "@/components/form-alert";
import type { AdminFormState } from "../../actions";

/**
 * The foot of a calendar form: the error, or — when the change would cancel or move bookings —
 * the count with a confirm button that sends it back (`confirmAffected`), and the success line.
 */
export function ChangeFooter({
  state,
  label = "保存",
  className,
}: {
  state: AdminFormState;
  label?: string;
  className?: string;
}) {
  const confirm = state.confirm;
  return (
    <div className={`space-y-2 ${className ?? ""}`}>
      {confirm ? (
        <div
          role="alert"
          className="rounded-lg border-2 border-amber-700 bg-amber-50 p-3 text-amber-950"
          data-testid="confirm-affected"
        >
          <p className="font-bold">{state.message}</p>
          <input type="hidden" name="confirmAffected" value={confirm.affected} />
        </div>
      ) : (
        <FormAlert message={state.message} />
      )}
      <Button type="submit" size="staff" variant={confirm ? "danger" : "primary"} pendingLabel="保存中…">
        {confirm ? `确认保存（影响 ${confirm.affected} 个预约）` : label}
      </Button>
      <FormAlert message={state.ok} tone="success" />
    </div>
  );
}
