"use client";

import { useActionState } from "react";
import { Button } from "@/components/button";
import { unlockSignIn, type AdminFormState } from "../actions";

/** 解除登录限制: the account may sign in at once, and its count of wrong passwords starts afresh. */
export function UnlockButton({ staffId, username }: { staffId: number; username: string }) {
  const [state, action] = useActionState<AdminFormState, FormData>(unlockSignIn, { attempt: 0 });
  if (state.ok)
    return (
      <span role="status" className="text-sm text-emerald-700">
        已解除
      </span>
    );
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="staffId" value={staffId} />
      <Button
        type="submit"
        size="compact"
        variant="secondary"
        pendingLabel="解除中…"
        aria-label={`解除登录限制 ${username}`}
      >
        解除登录限制
      </Button>
      {state.message && (
        <span role="alert" className="text-sm text-red-700">
          {state.message}
        </span>
      )}
    </form>
  );
}
