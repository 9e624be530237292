"use client";

import { useActionState } from "react";
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import { FormAlert } from "@/components/form-alert";
import { createStaff, updateStaff, type OneTimePasswordState } from "../actions";
import { OneTimePasswordNote } from "./one-time-password-note";

export interface StaffFormOptions {
  roles: { value: string; label: string }[];
  windows: { id: number; number: number; name: string }[];
  departments: { code: string; shortName: string }[];
  passwordHint: string;
}

/**
 * 新增 / 修改 a person's or a device's account. A window is for clerks (and where a device
 * stands), a department for back office: the server says which a role needs, in Chinese, and
 * the form keeps what was typed.
 */
export function StaffForm({
  kind,
  options,
  account,
}: {
  kind: "people" | "devices";
  options: StaffFormOptions;
  /** Editing this account; without it the form adds one. */
  account?: {
    id: number;
    username: string;
    displayName: string;
    role: string;
    windowId: number | null;
    departmentCode: string | null;
    location: string | null;
  };
}) {
  const [state, action] = useActionState<OneTimePasswordState, FormData>(account ? updateStaff : createStaff, {
    attempt: 0,
  });
  const fields = state.fields ?? {};
  const values = state.values ?? {
    displayName: account?.displayName ?? "",
    role: account?.role ?? "",
    windowId: account?.windowId ? String(account.windowId) : "",
    department: account?.departmentCode ?? "",
    location: account?.location ?? "",
  };
  const isDevice = kind === "devices";
  return (
    // The key remounts the inputs with what was typed, after React resets the form.
    <form
      key={state.attempt}
      action={action}
      aria-label={account ? "修改账号" : isDevice ? "登记设备" : "新增人员"}
      className="grid gap-3 rounded-xl bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-4"
    >
      {account ? (
        <input type="hidden" name="staffId" value={account.id} />
      ) : (
        <Field
          label="用户名"
          name="username"
          required
          autoComplete="off"
          maxLength={32}
          hint="登录用，小写字母、数字或 _ . -"
          defaultValue={values.username}
          density="staff"
          controlClassName="font-mono"
          error={fields.username}
        />
      )}
      <Field
        label={isDevice ? "设备名称" : "姓名"}
        name="displayName"
        required
        maxLength={20}
        placeholder={isDevice ? "如：大厅取号机" : undefined}
        defaultValue={values.displayName}
        density="staff"
        error={fields.displayName}
      />
      <Field
        as="select"
        label={isDevice ? "设备类型" : "角色"}
        name="role"
        required
        defaultValue={values.role}
        density="staff"
        error={fields.role}
      >
        <option value="">请选择</option>
        {options.roles.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </Field>
      <Field
        as="select"
        label="窗口"
        name="windowId"
        hint={isDevice ? "评价器必填：装在哪个窗口" : "窗口工作人员必填"}
        defaultValue={values.windowId}
        density="staff"
        error={fields.windowId}
      >
        <option value="">无</option>
        {options.windows.map((w) => (
          <option key={w.id} value={w.id}>
            {w.number}号窗口（{w.name}）
          </option>
        ))}
      </Field>
      {isDevice ? (
        <Field
          label="安放位置"
          name="location"
          maxLength={30}
          placeholder="如：大厅入口"
          defaultValue={values.location}
          density="staff"
          error={fields.location}
        />
      ) : (
        <Field
          as="select"
          label="科室"
          name="department"
          hint="后台科室人员必填"
          defaultValue={values.department}
          density="staff"
          error={fields.department}
        >
          <option value="">无</option>
          {options.departments.map((d) => (
            <option key={d.code} value={d.code}>
              {d.shortName}
            </option>
          ))}
        </Field>
      )}
      {!account && isDevice && (
        <Field
          label="设备密码"
          name="password"
          type="password"
          required
          autoComplete="new-password"
          hint={options.passwordHint}
          density="staff"
          error={fields.password}
        />
      )}
      <div className="flex items-end">
        <Button type="submit" size="staff" pendingLabel="保存中…" className="w-full">
          {account ? "保存修改" : isDevice ? "登记设备" : "新增"}
        </Button>
      </div>
      <FormAlert message={state.message} className="sm:col-span-2 lg:col-span-4" />
      <FormAlert message={state.ok} tone="success" className="sm:col-span-2 lg:col-span-4" />
      {state.oneTimePassword && (
        <OneTimePasswordNote
          username={state.oneTimePasswordFor ?? ""}
          password={state.oneTimePassword}
          className="sm:col-span-2 lg:col-span-4"
        />
      )}
      {!account && !isDevice && (
        <p className="text-sm text-slate-600 sm:col-span-2 lg:col-span-4">
          保存后显示一次性密码，请当面交给本人；本人第一次登录时须改为自己的密码（{options.passwordHint}）。
        </p>
      )}
    </form>
  );
}
