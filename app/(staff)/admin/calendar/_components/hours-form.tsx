"use client";

import { useActionState } from "react";
import { Field } from "@/components/field";
import { weekdayLabel } from "@/lib/format";
import type { AdminFormState } from "../../actions";
import { saveOpeningHours } from "../actions";
import { ChangeFooter } from "./change-footer";

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7].map(weekdayLabel);

export interface HoursValues {
  weekdays: number[];
  morningStart: string;
  morningEnd: string;
  afternoonStart: string;
  afternoonEnd: string;
}

export function HoursForm({ current }: { current: HoursValues }) {
  const [state, action] = useActionState<AdminFormState, FormData>(saveOpeningHours, { attempt: 0 });
  // Ids unique on the page: several forms have fields of the same name.
  const idPrefix = "hours-";
  const fields = state.fields ?? {};
  const v = state.values;
  const checked = v ? (v.weekdays ?? "").split(",").map(Number) : current.weekdays;
  const time = (name: keyof Omit<HoursValues, "weekdays">, label: string) => (
    <Field
      label={label}
      name={name}
      id={`${idPrefix}${name}`}
      type="time"
      required
      defaultValue={v?.[name] ?? current[name]}
      density="staff"
      error={fields[name]}
    />
  );
  return (
    <form
      key={state.attempt}
      action={action}
      aria-label="办公时间"
      className="grid gap-3 rounded-xl bg-white p-4 shadow-sm sm:grid-cols-4"
    >
      <fieldset className="sm:col-span-4" aria-describedby={fields.weekdays ? "weekdays-error" : undefined}>
        <legend className="font-semibold">适用于</legend>
        <div className="mt-1 flex flex-wrap gap-4">
          {WEEKDAYS.map((label, i) => (
            <label key={label} className="flex min-h-11 items-center gap-2">
              <input
                type="checkbox"
                name="weekdays"
                value={i + 1}
                defaultChecked={checked.includes(i + 1)}
                className="size-5"
              />
              {label}
            </label>
          ))}
        </div>
        {fields.weekdays && (
          <p id="weekdays-error" className="mt-1 font-semibold text-red-800">
            {fields.weekdays}
          </p>
        )}
      </fieldset>
      {time("morningStart", "上午上班")}
      {time("morningEnd", "午休开始")}
      {time("afternoonStart", "下午上班")}
      {time("afternoonEnd", "下班")}
      <ChangeFooter state={state} className="sm:col-span-4" />
    </form>
  );
}
