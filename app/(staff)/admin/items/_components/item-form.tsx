"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import { FormAlert } from "@/components/form-alert";
import type { Channel, Material } from "@/db/schema";
import { saveItem, type ItemFormState } from "../actions";
import type { AdminItem } from "@/lib/admin/item-view";

/** The item as the form edits it: the admin's view, with its department by code. */
export type EditableItem = Omit<AdminItem, "department" | "isActive"> & { department: string };

interface Options {
  departments: { code: string; name: string }[];
  queues: { prefix: string; name: string }[];
}

const CHANNEL_CHOICES: { value: Channel; label: string }[] = [
  { value: "window", label: "服务中心窗口" },
  { value: "weekend", label: "周末服务岗" },
  { value: "village", label: "周二主题下村日" },
];

/** The form's text values: the item, or what was typed when the save was refused. */
function valuesOf(item: EditableItem): Record<string, string> {
  const values: Record<string, string> = {
    name: item.name,
    aliases: item.aliases.join("、"),
    department: item.department,
    category: item.category,
    kind: item.kind,
    promisedDays: item.promisedDays === null ? "" : String(item.promisedDays),
    fee: item.feeCents === 0 ? "0" : (item.feeCents / 100).toFixed(item.feeCents % 100 === 0 ? 0 : 2),
    queue: item.queue,
    summary: item.summary,
    conditions: item.conditions,
    steps: item.steps,
    delivery: item.delivery,
    legalBasis: item.legalBasis,
    ...(item.bookable ? { bookable: "on" } : {}),
  };
  for (const c of item.channels) values[`channel.${c}`] = "on";
  return values;
}

interface MaterialRow extends Material {
  /** A stable key while rows move up and down. */
  key: number;
}

function materialsOf(item: EditableItem, values: Record<string, string> | undefined): MaterialRow[] {
  if (!values) return item.materials.map((m, key) => ({ ...m, key }));
  const count = Number(values.materialCount ?? 0);
  return Array.from({ length: Number.isInteger(count) ? Math.min(count, 100) : 0 }, (_, i) => ({
    key: i,
    name: values[`materials.${i}.name`] ?? "",
    required: values[`materials.${i}.required`] === "on",
    copies: values[`materials.${i}.copies`] ?? "",
    note: values[`materials.${i}.note`] ?? "",
  }));
}

export function ItemForm({ item, options }: { item: EditableItem; options: Options }) {
  const [state, action] = useActionState<ItemFormState, FormData>(saveItem, { attempt: 0 });
  // The key remounts the form with what was typed (after a refusal) or the saved item.
  return (
    <ItemFormBody
      key={`${state.attempt}-${item.version}`}
      item={item}
      options={options}
      state={state}
      action={action}
    />
  );
}

function ItemFormBody({
  item,
  options,
  state,
  action,
}: {
  item: EditableItem;
  options: Options;
  state: ItemFormState;
  action: (formData: FormData) => void;
}) {
  const values = state.values ?? valuesOf(item);
  const fields = state.fields ?? {};
  const [kind, setKind] = useState(values.kind);
  const [materials, setMaterials] = useState<MaterialRow[]>(() => materialsOf(item, state.values));
  const [nextKey, setNextKey] = useState(1000);

  const move = (index: number, by: -1 | 1) =>
    setMaterials((list) => {
      const target = index + by;
      if (target < 0 || target >= list.length) return list;
      const copy = [...list];
      [copy[index], copy[target]] = [copy[target], copy[index]];
      return copy;
    });
  const update = (index: number, patch: Partial<Material>) =>
    setMaterials((list) => list.map((m, i) => (i === index ? { ...m, ...patch } : m)));
  const add = () => {
    setMaterials((list) => [...list, { key: nextKey, name: "", required: true, copies: "原件核验", note: "" }]);
    setNextKey((k) => k + 1);
  };
  const remove = (index: number) => setMaterials((list) => list.filter((_, i) => i !== index));

  return (
    <form action={action} className="space-y-6" aria-label="编辑事项">
      <input type="hidden" name="code" value={item.code} />
      <input type="hidden" name="version" value={item.version} />
      <input type="hidden" name="materialCount" value={materials.length} />
      <FormAlert message={state.message} />
      <FormAlert message={state.ok} tone="success" />

      <section className="grid gap-4 rounded-xl bg-white p-4 shadow-sm md:grid-cols-2">
        <h2 className="text-lg font-bold md:col-span-2">基本信息</h2>
        <Field
          label="事项名称"
          name="name"
          defaultValue={values.name}
          density="staff"
          error={fields.name}
          maxLength={60}
        />
        <Field
          label="常用名称（群众的叫法，用顿号分隔）"
          name="aliases"
          defaultValue={values.aliases}
          density="staff"
          error={fields.aliases ?? Object.entries(fields).find(([k]) => k.startsWith("aliases."))?.[1]}
          hint="搜索时与事项名称一样可以查到，如：新农合、低保"
        />
        <Field
          as="select"
          label="实施部门"
          name="department"
          defaultValue={values.department}
          density="staff"
          error={fields.department}
        >
          {options.departments.map((d) => (
            <option key={d.code} value={d.code}>
              {d.name}
            </option>
          ))}
        </Field>
        <Field
          label="事项类别"
          name="category"
          defaultValue={values.category}
          density="staff"
          error={fields.category}
        />
        <Field
          as="select"
          label="办件类型"
          name="kind"
          value={kind}
          onChange={(e) => setKind(e.target.value)}
          density="staff"
          error={fields.kind}
        >
          <option value="instant">即办件（当场办结）</option>
          <option value="promised">承诺件（限时办结）</option>
        </Field>
        <Field
          label="承诺时限（工作日）"
          name="promisedDays"
          inputMode="numeric"
          defaultValue={values.promisedDays}
          disabled={kind !== "promised"}
          density="staff"
          error={fields.promisedDays}
          hint={kind === "promised" ? "1–60 个工作日" : "即办件不填"}
        />
        <Field
          label="收费（元）"
          name="fee"
          inputMode="decimal"
          defaultValue={values.fee}
          density="staff"
          error={fields.fee ?? fields.feeCents}
          hint="不收费填 0"
        />
        <Field
          as="select"
          label="取号队列"
          name="queue"
          defaultValue={values.queue}
          density="staff"
          error={fields.queue}
        >
          {options.queues.map((q) => (
            <option key={q.prefix} value={q.prefix}>
              {q.prefix} {q.name}
            </option>
          ))}
        </Field>
        <fieldset className="md:col-span-2">
          <legend className="font-semibold">办理渠道</legend>
          <div className="mt-1 flex flex-wrap gap-4">
            {CHANNEL_CHOICES.map((c) => (
              <label key={c.value} className="flex min-h-11 items-center gap-2">
                <input
                  type="checkbox"
                  name={`channel.${c.value}`}
                  defaultChecked={values[`channel.${c.value}`] === "on"}
                  className="size-5"
                />
                {c.label}
              </label>
            ))}
            <label className="flex min-h-11 items-center gap-2">
              <input type="checkbox" name="bookable" defaultChecked={values.bookable === "on"} className="size-5" />
              可网上预约
            </label>
          </div>
          {(fields.channels || Object.keys(fields).some((k) => k.startsWith("channels."))) && (
            <p className="mt-1 font-semibold text-red-800">
              {fields.channels ?? "办理渠道应为窗口、周末服务岗或下村日"}
            </p>
          )}
        </fieldset>
      </section>

      <section className="grid gap-4 rounded-xl bg-white p-4 shadow-sm">
        <h2 className="text-lg font-bold">办事指南</h2>
        <Field
          as="textarea"
          label="事项简介"
          name="summary"
          rows={2}
          defaultValue={values.summary}
          density="staff"
          error={fields.summary}
        />
        <Field
          as="textarea"
          label="受理条件"
          name="conditions"
          rows={3}
          defaultValue={values.conditions}
          density="staff"
          error={fields.conditions}
        />
        <Field
          as="textarea"
          label="办理流程"
          name="steps"
          rows={3}
          defaultValue={values.steps}
          density="staff"
          error={fields.steps}
          hint="每行一步，如：1. 窗口受理"
        />
        <Field
          label="送达方式"
          name="delivery"
          defaultValue={values.delivery}
          density="staff"
          error={fields.delivery}
          hint="如：窗口领取、邮寄送达"
        />
        <Field
          as="textarea"
          label="设定依据"
          name="legalBasis"
          rows={2}
          defaultValue={values.legalBasis}
          density="staff"
          error={fields.legalBasis}
        />
      </section>

      <section className="space-y-3 rounded-xl bg-white p-4 shadow-sm" aria-labelledby="materials-heading">
        <h2 id="materials-heading" className="text-lg font-bold">
          材料清单（一次性告知）
        </h2>
        <p className="text-sm text-slate-600">
          顺序即群众页面上的顺序。已受理的办件保留受理当日的清单，不受这里的修改影响。
        </p>
        {fields.materials && <p className="font-semibold text-red-800">{fields.materials}</p>}
        <ol className="space-y-3" data-testid="material-rows">
          {materials.map((m, i) => (
            <li key={m.key} className="rounded-lg border border-slate-200 p-3" aria-label={`材料 ${i + 1}`}>
              <div className="grid gap-3 md:grid-cols-[2fr_1fr_auto]">
                <Field
                  id={`materials.${i}.name`}
                  label={`材料 ${i + 1} 名称`}
                  name={`materials.${i}.name`}
                  value={m.name}
                  onChange={(e) => update(i, { name: e.target.value })}
                  density="staff"
                  error={fields[`materials.${i}.name`]}
                />
                <Field
                  id={`materials.${i}.copies`}
                  label={`材料 ${i + 1} 份数要求`}
                  name={`materials.${i}.copies`}
                  value={m.copies}
                  onChange={(e) => update(i, { copies: e.target.value })}
                  density="staff"
                  error={fields[`materials.${i}.copies`]}
                />
                <label className="flex min-h-14 items-center gap-2 self-end">
                  <input
                    type="checkbox"
                    name={`materials.${i}.required`}
                    checked={m.required}
                    onChange={(e) => update(i, { required: e.target.checked })}
                    className="size-5"
                  />
                  必需
                </label>
              </div>
              <Field
                id={`materials.${i}.note`}
                label={`材料 ${i + 1} 备注`}
                name={`materials.${i}.note`}
                value={m.note ?? ""}
                onChange={(e) => update(i, { note: e.target.value })}
                density="staff"
                className="mt-2"
                error={fields[`materials.${i}.note`]}
              />
              <div className="mt-2 flex flex-wrap gap-2">
                <Button size="compact" variant="secondary" onClick={() => move(i, -1)} disabled={i === 0}>
                  上移
                </Button>
                <Button
                  size="compact"
                  variant="secondary"
                  onClick={() => move(i, 1)}
                  disabled={i === materials.length - 1}
                >
                  下移
                </Button>
                <Button size="compact" variant="secondary" onClick={() => remove(i)} aria-label={`删除材料 ${i + 1}`}>
                  删除
                </Button>
              </div>
            </li>
          ))}
        </ol>
        {materials.length === 0 && <p className="text-slate-600">暂无材料。</p>}
        <Button variant="secondary" size="staff" onClick={add}>
          添加材料
        </Button>
      </section>

      <div className="sticky bottom-0 z-10 flex justify-end gap-3 border-t border-slate-200 bg-slate-50 py-3 shadow-[0_-4px_8px_rgba(15,23,42,0.06)]">
        <Button type="submit" size="staff" pendingLabel="保存中…">
          保存修改
        </Button>
      </div>
    </form>
  );
}
