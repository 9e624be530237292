"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { WorkbookError } from "@/lib/admin/catalogue-workbook";
import { CatalogueImportError, importCatalogue, type CatalogueImport } from "@/lib/admin/import-catalogue";
import { itemCode, itemInput } from "@/lib/admin/item-schemas";
import { setItemActive } from "@/lib/admin/set-item-active";
import { updateItem } from "@/lib/admin/update-item";
import { requireRole } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { fieldErrors } from "@/lib/http";
import { logError } from "@/lib/log";

export interface ItemFormState {
  message?: string;
  ok?: string;
  fields?: Record<string, string>;
  /** What was submitted, handed back after a refusal so that the form keeps it. */
  values?: Record<string, string>;
  attempt: number;
}

const LIST_SEPARATOR = /[、，,；;\n]+/;

/** The edit form's fields (names as in `itemInput`; materials as `materials.N.name`) as the item's shape. */
function itemFromForm(values: Record<string, string>) {
  const count = Number(values.materialCount ?? 0);
  const materials = Array.from(
    { length: Number.isInteger(count) && count >= 0 && count <= 100 ? count : 0 },
    (_, i) => ({
      name: values[`materials.${i}.name`] ?? "",
      required: values[`materials.${i}.required`] === "on",
      copies: values[`materials.${i}.copies`] ?? "",
      note: values[`materials.${i}.note`] ?? "",
    }),
  );
  const fee = (values.fee ?? "").trim();
  return {
    name: values.name ?? "",
    aliases: (values.aliases ?? "")
      .split(LIST_SEPARATOR)
      .map((a) => a.trim())
      .filter(Boolean),
    department: values.department ?? "",
    category: values.category ?? "",
    kind: values.kind ?? "",
    promisedDays:
      values.kind === "promised"
        ? /^\d{1,3}$/.test(values.promisedDays ?? "")
          ? Number(values.promisedDays)
          : NaN
        : null,
    feeCents: fee === "" ? 0 : /^\d{1,6}(\.\d{1,2})?$/.test(fee) ? Math.round(Number(fee) * 100) : NaN,
    channels: ["window", "weekend", "village"].filter((c) => values[`channel.${c}`] === "on"),
    bookable: values.bookable === "on",
    queue: values.queue ?? "",
    summary: values.summary ?? "",
    conditions: values.conditions ?? "",
    steps: values.steps ?? "",
    delivery: values.delivery ?? "",
    legalBasis: values.legalBasis ?? "",
    materials,
  };
}

/** Saves the edit form of one item; a refusal hands back what was typed with the field errors. */
export async function saveItem(state: ItemFormState, formData: FormData): Promise<ItemFormState> {
  const actor = await requireRole("admin");
  const values: Record<string, string> = {};
  for (const [key, value] of formData) if (typeof value === "string") values[key] = value;
  const retry = (message: string, fields?: Record<string, string>): ItemFormState => ({
    message,
    fields,
    values,
    attempt: state.attempt + 1,
  });
  const code = itemCode.safeParse(values.code);
  const version = z.coerce.number().int().positive().safeParse(values.version);
  if (!code.success || !version.success) return retry("表单已过期，请刷新页面后再改。");
  const parsed = itemInput.safeParse(itemFromForm(values));
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error);
    if (fields.feeCents)
      fields.fee = fields.feeCents === "收费应为金额" ? "收费应为金额（元），如 0 或 15.50" : fields.feeCents;
    return retry("请按提示修改。", fields);
  }
  let changed: string[];
  try {
    ({ changed } = await updateItem({ actor, code: code.data, version: version.data, item: parsed.data }));
  } catch (error) {
    if (isAppError(error)) return retry(error.message, error.fields);
    logError("saving an item failed", error);
    return retry("保存失败，请稍后再试。");
  }
  revalidatePath(`/admin/items/${code.data}`);
  revalidatePath("/admin/items");
  return {
    ok: changed.length === 0 ? "没有改动，无需保存。" : `已保存，群众页面已更新（改动 ${changed.length} 项）。`,
    attempt: state.attempt + 1,
  };
}

/** 停用 / 恢复: takes an item off the public catalogue, or puts it back. */
export async function changeItemActive(state: ItemFormState, formData: FormData): Promise<ItemFormState> {
  const actor = await requireRole("admin");
  const code = itemCode.safeParse(formData.get("code"));
  const isActive = formData.get("isActive") === "1";
  if (!code.success) return { message: "没有这个事项", attempt: state.attempt + 1 };
  let openBookings: number;
  try {
    ({ openBookings } = await setItemActive({ actor, code: code.data, isActive }));
  } catch (error) {
    if (isAppError(error)) return { message: error.message, attempt: state.attempt + 1 };
    logError("changing an item's state failed", error);
    return { message: "操作失败，请稍后再试。", attempt: state.attempt + 1 };
  }
  revalidatePath(`/admin/items/${code.data}`);
  revalidatePath("/admin/items");
  // Intake refuses an inactive item, so those villagers must hear before they come.
  const booked =
    !isActive && openBookings > 0
      ? `注意：该事项还有 ${openBookings} 个未到期的预约，停用后窗口无法受理，请电话联系群众。`
      : "";
  return {
    ok: isActive ? "已恢复：群众可以查到并预约该事项。" : `已停用：群众页面和取号机不再显示该事项。${booked}`,
    attempt: state.attempt + 1,
  };
}

export interface ImportState {
  message?: string;
  result?: CatalogueImport;
  errors?: WorkbookError[];
  attempt: number;
}

/** Imports the uploaded workbook, all or nothing; a refusal lists every wrong cell. */
export async function importCatalogueFile(state: ImportState, formData: FormData): Promise<ImportState> {
  const actor = await requireRole("admin");
  const attempt = state.attempt + 1;
  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) return { message: "请选择要导入的 Excel 文件（.xlsx）", attempt };
  try {
    const result = await importCatalogue({ actor, bytes: new Uint8Array(await file.arrayBuffer()) });
    revalidatePath("/admin/items");
    return { result, attempt };
  } catch (error) {
    if (error instanceof CatalogueImportError) return { message: error.message, errors: error.errors, attempt };
    if (isAppError(error)) return { message: error.message, attempt };
    logError("catalogue import failed", error);
    return { message: "导入失败，请稍后再试。目录没有做任何修改。", attempt };
  }
}
