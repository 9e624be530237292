"use client";

import { useActionState } from "react";
import { Button } from "@/components/button";
import { revokeSessions, type AdminFormState } from "../actions";

/** 强制下线: every session of the account ends at its next request (a lost kiosk, TV or pad). */
export function RevokeButton({ staffId, username }: { staffId: number; username: string }) {
  const [state, action] = useActionState<AdminFormState, FormData>(revokeSessions, { attempt: 0 });
  return (
    <form
      action={action}
      onSubmit={(event) => {
        if (!window.confirm(`确定让账号 ${username} 在所有设备上立即下线？`)) event.preventDefault();
      }}
      className="flex items-center gap-2"
    >
      <input type="hidden" name="staffId" value={staffId} />
      <Button
        type="submit"
        size="compact"
        variant="secondary"
        pendingLabel="下线中…"
        aria-label={`强制下线 ${username}`}
      >
        强制下线
      </Button>
      {state.ok && (
        <span role="status" className="text-sm text-emerald-700">
          已下线
        </span>
      )}
      {state.message && (
        <span role="alert" className="text-sm text-red-700">
          {state.message}
        </span>
      )}
    </form>
  );
}
