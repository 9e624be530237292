"use client";

import { revokeSessions } from "../actions";
import { OneButtonForm } from "./one-button-form";

/** 强制下线: every session of the account ends at its next request (a lost kiosk, TV or pad). */
export function RevokeButton({ staffId, username }: { staffId: number; username: string }) {
  return (
    <OneButtonForm
      action={revokeSessions}
      hidden={{ staffId }}
      label="强制下线"
      pendingLabel="下线中…"
      ariaLabel={`强制下线 ${username}`}
      doneLabel="已下线"
      keepButton
      confirm={`确定让账号 ${username} 在所有设备上立即下线？`}
    />
  );
}
