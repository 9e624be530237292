"use client";

import { useActionState, useState } from "react";
import { PhoneCodeField, type PhoneCodeProgress } from "@/app/(public)/_components/phone-code-field";
import { Button } from "@/components/button";
import { Field, PHONE_INPUT } from "@/components/field";
import { FormAlert } from "@/components/form-alert";
import {
  cancelOwnBooking,
  findMyBookings,
  lookUpBooking,
  rescheduleOwnBooking,
  type FindByPhoneState,
  type SimpleFormState,
} from "../actions";
import { BookingLinks } from "./booking-links";

export function LookupForm({ code }: { code?: string }) {
  const [state, action] = useActionState<SimpleFormState, FormData>(lookUpBooking, { attempt: 0 });
  const fields = state.fields ?? {};
  return (
    // The key remounts the inputs with what was typed, after React resets the form.
    <form key={state.attempt} action={action} noValidate className="space-y-4 rounded-xl bg-white p-4 shadow-sm">
      <FormAlert message={state.message} />
      <Field
        label="预约码"
        name="code"
        autoCapitalize="characters"
        autoComplete="off"
        maxLength={6}
        defaultValue={state.values?.code ?? code}
        error={fields.code}
        controlClassName="font-mono uppercase tracking-widest"
      />
      <Field label="预约时填写的手机号码" {...PHONE_INPUT} defaultValue={state.values?.phone} error={fields.phone} />
      <Button type="submit" pendingLabel="正在查询…">
        查询预约
      </Button>
    </form>
  );
}

/** "我把预约码弄丢了": the phone and an SMS code list the phone's coming bookings. */
export function FindByPhoneForm() {
  const [state, action] = useActionState<FindByPhoneState, FormData>(findMyBookings, { attempt: 0 });
  const fields = state.fields ?? {};
  const [codeProgress, setCodeProgress] = useState<PhoneCodeProgress>({ resendAt: 0 });
  return (
    <div className="space-y-4">
      <form key={state.attempt} action={action} noValidate className="space-y-4 rounded-xl bg-white p-4 shadow-sm">
        <FormAlert message={state.message} />
        <Field
          id="by-phone-phone"
          label="手机号码"
          {...PHONE_INPUT}
          defaultValue={state.values?.phone}
          error={fields.phone}
        />
        <PhoneCodeField error={fields.phoneCode} progress={codeProgress} onProgress={setCodeProgress} />
        <Button type="submit" pendingLabel="正在查找…">
          查找我的预约
        </Button>
      </form>
      {state.found && (
        <section aria-live="polite" className="rounded-xl bg-white p-4 shadow-sm" data-testid="found-bookings">
          {state.found.length === 0 ? (
            <p className="text-lg">这个手机号码今天及以后没有待办理的预约。</p>
          ) : (
            <>
              <h2 className="text-xl font-bold">找到 {state.found.length} 个预约</h2>
              <BookingLinks bookings={state.found} />
            </>
          )}
        </section>
      )}
    </div>
  );
}

/** A form of one button on a booking the browser already holds access to (cancel, reschedule). */
function BookingActionForm(props: {
  action: (state: SimpleFormState, formData: FormData) => Promise<SimpleFormState>;
  hidden: Record<string, string | number>;
  variant: "primary" | "danger";
  label: string;
  pendingLabel: string;
}) {
  const [state, action] = useActionState<SimpleFormState, FormData>(props.action, { attempt: 0 });
  return (
    <form action={action} className="space-y-3">
      <FormAlert message={state.message} />
      {Object.entries(props.hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button type="submit" variant={props.variant} pendingLabel={props.pendingLabel}>
        {props.label}
      </Button>
    </form>
  );
}

export function CancelForm({ code }: { code: string }) {
  return (
    <BookingActionForm
      action={cancelOwnBooking}
      hidden={{ code }}
      variant="danger"
      label="确认取消预约"
      pendingLabel="正在取消…"
    />
  );
}

export function RescheduleForm({ code, slotId }: { code: string; slotId: number }) {
  return (
    <BookingActionForm
      action={rescheduleOwnBooking}
      hidden={{ code, slotId }}
      variant="primary"
      label="确认改到这个时间"
      pendingLabel="正在改约…"
    />
  );
}
