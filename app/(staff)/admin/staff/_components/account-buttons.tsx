"use client";

import { useActionState } from "react";
import { Button } from "@/components/button";
import { FormAlert } from "@/components/form-alert";
import type { AdminFormState } from "../../actions";
import { endSession, resetPassword, setStaffActive, type OneTimePasswordState } from "../actions";
import { OneButtonForm } from "../../_components/one-button-form";
import { OneTimePasswordNote } from "./one-time-password-note";

/** 重置密码: the one-time password appears here once; the person must change it at sign-in. */
export function ResetPasswordButton({ staffId, username }: { staffId: number; username: string }) {
  const [state, action] = useActionState<OneTimePasswordState, FormData>(resetPassword, { attempt: 0 });
  return (
    <form
      action={action}
      onSubmit={(event) => {
        if (!window.confirm(`确定为 ${username} 重置密码？该账号将立即下线，须用一次性密码重新登录。`))
          event.preventDefault();
      }}
      className="space-y-2"
    >
      <input type="hidden" name="staffId" value={staffId} />
      <Button type="submit" size="compact" variant="secondary" pendingLabel="重置中…">
        重置密码
      </Button>
      {state.oneTimePassword && <OneTimePasswordNote username={username} password={state.oneTimePassword} />}
      <FormAlert message={state.message} />
    </form>
  );
}

/** 停用 (ends every session at once) or 启用 again. */
export function ActiveButton({
  staffId,
  username,
  isActive,
}: {
  staffId: number;
  username: string;
  isActive: boolean;
}) {
  const [state, action] = useActionState<AdminFormState, FormData>(setStaffActive, { attempt: 0 });
  return (
    <form
      action={action}
      onSubmit={(event) => {
        if (isActive && !window.confirm(`确定停用 ${username}？该账号将立即下线，不能再登录。`)) event.preventDefault();
      }}
      className="space-y-2"
    >
      <input type="hidden" name="staffId" value={staffId} />
      <input type="hidden" name="active" value={isActive ? "0" : "1"} />
      <Button type="submit" size="compact" variant={isActive ? "danger" : "secondary"} pendingLabel="处理中…">
        {isActive ? "停用账号" : "启用账号"}
      </Button>
      <FormAlert message={state.message} />
      <FormAlert message={state.ok} tone="success" />
    </form>
  );
}

/** 结束会话: this one sign-in only. */
export function EndSessionButton({ sessionId, label }: { sessionId: string; label: string }) {
  return (
    <OneButtonForm
      action={endSession}
      hidden={{ sessionId }}
      label="结束会话"
      pendingLabel="结束中…"
      ariaLabel={`结束会话 ${label}`}
      doneLabel="已结束"
    />
  );
}
