import "server-only";
import { eq } from "drizzle-orm";
import type { Tx } from "@/db/connection";
import { departments, queues, type serviceItems } from "@/db/schema";
import type { AdminItem } from "@/lib/admin/item-view";
import type { ItemInput } from "@/lib/admin/item-schemas";
import { pinyinKeys } from "@/lib/catalogue/search-keys";

// What the edit and the import share: the departments and queues an item may name, the columns an
// item's fields become, and which fields an edit really changes.

export interface ItemReferences {
  /** Departments by code, short name and full name (the district's workbook writes names). */
  department: (nameOrCode: string) => number | undefined;
  queue: (prefix: string) => number | undefined;
  departmentCode: (nameOrCode: string) => string | undefined;
}

export async function loadItemReferences(tx: Tx, hallId: number): Promise<ItemReferences> {
  const [departmentRows, queueRows] = await Promise.all([
    tx
      .select({ id: departments.id, code: departments.code, name: departments.name, shortName: departments.shortName })
      .from(departments),
    tx.select({ id: queues.id, prefix: queues.prefix }).from(queues).where(eq(queues.hallId, hallId)),
  ]);
  const byKey = new Map<string, { id: number; code: string }>();
  for (const d of departmentRows) for (const key of [d.code, d.shortName, d.name]) byKey.set(key, d);
  const queueByPrefix = new Map(queueRows.map((q) => [q.prefix, q.id]));
  return {
    department: (key) => byKey.get(key.trim())?.id,
    departmentCode: (key) => byKey.get(key.trim())?.code,
    queue: (prefix) => queueByPrefix.get(prefix),
  };
}

/** The columns of `service_items` an item's fields set (the search keys follow the names). */
export function itemColumns(item: ItemInput, ids: { departmentId: number; queueId: number }) {
  return {
    name: item.name,
    aliases: item.aliases,
    departmentId: ids.departmentId,
    category: item.category,
    kind: item.kind,
    promisedDays: item.promisedDays,
    feeCents: item.feeCents,
    channels: item.channels,
    isBookable: item.bookable,
    queueId: ids.queueId,
    summary: item.summary,
    conditions: item.conditions,
    steps: item.steps,
    delivery: item.delivery,
    legalBasis: item.legalBasis,
    materials: item.materials,
    ...pinyinKeys(item.name, item.aliases),
  } satisfies Partial<typeof serviceItems.$inferInsert>;
}

/** The item's fields as the edit form and the workbook hold them. */
export function inputOf(item: AdminItem): ItemInput {
  return {
    name: item.name,
    aliases: item.aliases,
    department: item.department.code,
    category: item.category,
    kind: item.kind,
    promisedDays: item.promisedDays,
    feeCents: item.feeCents,
    channels: item.channels,
    bookable: item.bookable,
    queue: item.queue,
    summary: item.summary,
    conditions: item.conditions,
    steps: item.steps,
    delivery: item.delivery,
    legalBasis: item.legalBasis,
    materials: item.materials.map((m) => ({
      name: m.name,
      required: m.required,
      copies: m.copies,
      note: m.note || undefined,
    })),
  };
}

/** The names of the fields `after` changes in `before` (none: nothing to write, nothing to audit). */
export function changedFields(before: ItemInput, after: ItemInput): (keyof ItemInput)[] {
  const keys = Object.keys(after) as (keyof ItemInput)[];
  return keys.filter((key) => JSON.stringify(normalised(before[key])) !== JSON.stringify(normalised(after[key])));
}

function normalised(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalised);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  return value;
}
