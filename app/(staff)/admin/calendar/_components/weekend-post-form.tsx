"use client";

import { useActionState } from "react";
import { Field } from "@/components/field";
import type { AdminFormState } from "../../actions";
import { saveDatedPost, saveWeekendPost } from "../actions";
import { ChangeFooter } from "./change-footer";

export interface PostValues {
  location: string;
  startTime: string;
  endTime: string;
  staffUserId: number | null;
}

/**
 * One weekend post: the repeating pattern of a weekday (`weekday`), or one date (`minDate`, the
 * admin picks it). "暂停" calls the posts off.
 */
export function WeekendPostForm({
  weekday,
  minDate,
  current,
  staff,
}: {
  weekday?: 6 | 7;
  minDate?: string;
  current: PostValues | null;
  staff: { id: number; name: string }[];
}) {
  const [state, action] = useActionState<AdminFormState, FormData>(weekday ? saveWeekendPost : saveDatedPost, {
    attempt: 0,
  });
  // Ids unique on the page: several forms have fields of the same name.
  const idPrefix = `post-${weekday ?? "date"}-`;
  const fields = state.fields ?? {};
  const v = state.values;
  const title = weekday ? `每${weekday === 6 ? "周六" : "周日"}` : "指定日期";
  const key = (name: string) => `post.${name}`;
  return (
    <form
      key={state.attempt}
      action={action}
      aria-label={`${title}服务岗`}
      className="grid gap-3 rounded-xl bg-white p-4 shadow-sm sm:grid-cols-3"
    >
      <h3 className="font-bold sm:col-span-3">{title}</h3>
      {weekday ? (
        <input type="hidden" name="weekday" value={weekday} />
      ) : (
        <Field
          label="日期"
          name="date"
          id={`${idPrefix}date`}
          type="date"
          min={minDate}
          required
          defaultValue={v?.date}
          density="staff"
          error={fields.date}
        />
      )}
      <Field
        as="select"
        label="安排"
        name="isOn"
        id={`${idPrefix}isOn`}
        defaultValue={v?.isOn ?? (current || !weekday ? "1" : "0")}
        density="staff"
      >
        <option value="1">开设</option>
        <option value="0">暂停</option>
      </Field>
      <Field
        label="地点"
        name="location"
        id={`${idPrefix}location`}
        maxLength={40}
        defaultValue={v?.location ?? current?.location}
        density="staff"
        error={fields[key("location")]}
      />
      <Field
        label="开始"
        name="startTime"
        id={`${idPrefix}startTime`}
        type="time"
        defaultValue={v?.startTime ?? current?.startTime ?? "09:00"}
        density="staff"
        error={fields[key("startTime")]}
      />
      <Field
        label="结束"
        name="endTime"
        id={`${idPrefix}endTime`}
        type="time"
        defaultValue={v?.endTime ?? current?.endTime ?? "12:00"}
        density="staff"
        error={fields[key("endTime")]}
      />
      <Field
        as="select"
        label="值班人员"
        name="staffUserId"
        id={`${idPrefix}staffUserId`}
        defaultValue={v?.staffUserId ?? String(current?.staffUserId ?? "")}
        density="staff"
        error={fields[key("staffUserId")] ?? fields.staffUserId}
      >
        <option value="">未指定</option>
        {staff.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </Field>
      <ChangeFooter state={state} className="sm:col-span-3" />
    </form>
  );
}
