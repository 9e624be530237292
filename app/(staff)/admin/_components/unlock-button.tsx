"use client";

import { unlockSignIn } from "../actions";
import { OneButtonForm } from "./one-button-form";

/** 解除登录限制: the account may sign in at once, and its count of wrong passwords starts afresh. */
export function UnlockButton({ staffId, username }: { staffId: number; username: string }) {
  return (
    <OneButtonForm
      action={unlockSignIn}
      hidden={{ staffId }}
      label="解除登录限制"
      pendingLabel="解除中…"
      ariaLabel={`解除登录限制 ${username}`}
      doneLabel="已解除"
    />
  );
}
