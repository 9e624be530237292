"use client";

import { useActionState } from "react";
import { Field } from "@/components/field";
import { weekdayLabel } from "@/lib/format";
import type { AdminFormState } from "../../actions";
import { saveVillageRotation } from "../actions";
import { ChangeFooter } from "./change-footer";

const WEEKDAYS = [1, 2, 3, 4, 5].map(weekdayLabel);

export function RotationForm({
  defaultStartsOn,
  rule,
  rotation,
  themes,
  villages,
  staff,
  categories,
}: {
  defaultStartsOn: string;
  rule: { weekday: number; startTime: string; endTime: string; staffUserId: number | null } | null;
  rotation: { villageId: number; location: string }[];
  themes: { theme: string; categories: string[] }[];
  villages: { id: number; name: string }[];
  staff: { id: number; name: string }[];
  categories: string[];
}) {
  const [state, action] = useActionState<AdminFormState, FormData>(saveVillageRotation, { attempt: 0 });
  // Ids unique on the page: several forms have fields of the same name.
  const idPrefix = "rotation-";
  const fields = state.fields ?? {};
  const v = state.values;
  const order = (id: number) => {
    const at = rotation.findIndex((r) => r.villageId === id);
    return at < 0 ? "" : String(at + 1);
  };
  const place = (id: number, name: string) =>
    rotation.find((r) => r.villageId === id)?.location ?? `${name}便民服务点（村委会）`;
  return (
    <form
      key={state.attempt}
      action={action}
      aria-label="下村服务日轮换"
      className="space-y-4 rounded-xl bg-white p-4 shadow-sm"
    >
      <div className="grid gap-3 sm:grid-cols-5">
        <Field
          label="生效日期"
          name="startsOn"
          id={`${idPrefix}startsOn`}
          type="date"
          required
          defaultValue={v?.startsOn ?? defaultStartsOn}
          density="staff"
          error={fields.startsOn}
        />
        <Field
          as="select"
          label="下村日"
          name="weekday"
          id={`${idPrefix}weekday`}
          defaultValue={v?.weekday ?? String(rule?.weekday ?? 2)}
          density="staff"
          error={fields.weekday}
        >
          {WEEKDAYS.map((label, i) => (
            <option key={label} value={i + 1}>
              {label}
            </option>
          ))}
        </Field>
        <Field
          label="开始"
          name="startTime"
          id={`${idPrefix}startTime`}
          type="time"
          defaultValue={v?.startTime ?? rule?.startTime ?? "09:00"}
          density="staff"
          error={fields.startTime}
        />
        <Field
          label="结束"
          name="endTime"
          id={`${idPrefix}endTime`}
          type="time"
          defaultValue={v?.endTime ?? rule?.endTime ?? "11:30"}
          density="staff"
          error={fields.endTime}
        />
        <Field
          as="select"
          label="带队人员"
          name="staffUserId"
          id={`${idPrefix}staffUserId`}
          defaultValue={v?.staffUserId ?? String(rule?.staffUserId ?? "")}
          density="staff"
          error={fields.staffUserId}
        >
          <option value="">未指定</option>
          {staff.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Field>
      </div>
      <fieldset aria-describedby={fields.villages ? "villages-error" : undefined}>
        <legend className="font-semibold">村社顺序（填 1、2、3…；留空表示不去）</legend>
        {fields.villages && (
          <p id="villages-error" className="font-semibold text-red-800">
            {fields.villages}
          </p>
        )}
        <div className="mt-2 grid gap-2 md:grid-cols-2">
          {villages.map((village) => (
            <div
              key={village.id}
              className="grid grid-cols-[6rem_1fr] gap-2"
              data-testid="rotation-village"
              data-name={village.name}
            >
              <Field
                label={`${village.name} 顺序`}
                name={`order_${village.id}`}
                id={`${idPrefix}order_${village.id}`}
                inputMode="numeric"
                maxLength={2}
                defaultValue={v ? (v[`order_${village.id}`] ?? "") : order(village.id)}
                density="staff"
              />
              <Field
                label={`${village.name} 地点`}
                name={`location_${village.id}`}
                id={`${idPrefix}location_${village.id}`}
                maxLength={40}
                defaultValue={v?.[`location_${village.id}`] ?? place(village.id, village.name)}
                density="staff"
              />
            </div>
          ))}
        </div>
      </fieldset>
      <Field
        as="textarea"
        label="主题（每行一个，按顺序轮换：主题：事项类别、事项类别）"
        name="themes"
        id={`${idPrefix}themes`}
        rows={Math.max(4, themes.length + 1)}
        defaultValue={v?.themes ?? themes.map((t) => `${t.theme}：${t.categories.join("、")}`).join("\n")}
        hint={`可选的事项类别：${categories.join("、")}`}
        density="staff"
        error={fields.themes}
      />
      <ChangeFooter state={state} label="保存轮换" />
    </form>
  );
}
