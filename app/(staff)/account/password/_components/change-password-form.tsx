"use client";

import { useActionState } from "react";
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import { FormAlert } from "@/components/form-alert";
import { changePassword, type ChangePasswordState } from "../actions";

export function ChangePasswordForm({ next, minLength }: { next?: string; minLength: number }) {
  const [state, action] = useActionState<ChangePasswordState, FormData>(changePassword, { attempt: 0 });
  const fields = state.fields ?? {};
  return (
    <form key={state.attempt} action={action} className="mt-5 space-y-4">
      {next && <input type="hidden" name="next" value={next} />}
      <Field
        label="当前密码"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        density="staff"
        error={fields.currentPassword}
      />
      <Field
        label="新密码"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        minLength={minLength}
        required
        hint={`至少 ${minLength} 位，不要与当前密码相同`}
        density="staff"
        error={fields.newPassword}
      />
      <Field
        label="再次输入新密码"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        density="staff"
        error={fields.confirmPassword}
      />
      <FormAlert message={state.message} />
      <Button type="submit" size="staff" pendingLabel="正在保存…" className="w-full">
        保存新密码
      </Button>
    </form>
  );
}
