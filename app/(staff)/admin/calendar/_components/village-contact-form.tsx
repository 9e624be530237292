"use client";

import { useActionState } from "react";
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import { FormAlert } from "@/components/form-alert";
import type { AdminFormState } from "../../actions";
import { saveVillageContact } from "../actions";

export function VillageContactForm({
  village,
}: {
  village: { id: number; name: string; contactName: string | null; contactPhone: string | null };
}) {
  const [state, action] = useActionState<AdminFormState, FormData>(saveVillageContact, { attempt: 0 });
  // Ids unique on the page: several forms have fields of the same name.
  const idPrefix = `village-${village.id}-`;
  const fields = state.fields ?? {};
  const v = state.values;
  return (
    <form
      key={state.attempt}
      action={action}
      aria-label={`${village.name}联系人`}
      className="grid grid-cols-[1fr_1fr_auto] items-end gap-2 rounded-xl bg-white p-3 shadow-sm"
    >
      <input type="hidden" name="villageId" value={village.id} />
      <Field
        label={`${village.name} 联系人`}
        name="contactName"
        id={`${idPrefix}contactName`}
        maxLength={20}
        defaultValue={v?.contactName ?? village.contactName ?? ""}
        density="staff"
        error={fields.contactName}
      />
      <Field
        label="电话"
        name="contactPhone"
        id={`${idPrefix}contactPhone`}
        inputMode="tel"
        maxLength={20}
        defaultValue={v?.contactPhone ?? village.contactPhone ?? ""}
        density="staff"
        error={fields.contactPhone}
      />
      <Button type="submit" size="staff" variant="secondary" pendingLabel="保存中…">
        保存
      </Button>
      <FormAlert message={state.message} className="col-span-3" />
      <FormAlert message={state.ok} tone="success" className="col-span-3" />
    </form>
  );
}
