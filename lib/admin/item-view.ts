import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/connection";
import { departments, queues, serviceItems, type Channel, type Material } from "@/db/schema";

/** An item as the admin's list, edit form, JSON API and workbook see it. */
export interface AdminItem {
  code: string;
  name: string;
  aliases: string[];
  department: { code: string; name: string; shortName: string };
  category: string;
  kind: "instant" | "promised";
  promisedDays: number | null;
  feeCents: number;
  channels: Channel[];
  bookable: boolean;
  queue: string;
  summary: string;
  conditions: string;
  steps: string;
  delivery: string;
  legalBasis: string;
  materials: Material[];
  isActive: boolean;
  /** The version the item was read at: an edit names it, and an edit of an older one is refused. */
  version: number;
}

export const adminItemColumns = {
  id: serviceItems.id,
  code: serviceItems.code,
  name: serviceItems.name,
  aliases: serviceItems.aliases,
  departmentCode: departments.code,
  departmentName: departments.name,
  departmentShortName: departments.shortName,
  category: serviceItems.category,
  kind: serviceItems.kind,
  promisedDays: serviceItems.promisedDays,
  feeCents: serviceItems.feeCents,
  channels: serviceItems.channels,
  bookable: serviceItems.isBookable,
  queue: queues.prefix,
  summary: serviceItems.summary,
  conditions: serviceItems.conditions,
  steps: serviceItems.steps,
  delivery: serviceItems.delivery,
  legalBasis: serviceItems.legalBasis,
  materials: serviceItems.materials,
  isActive: serviceItems.isActive,
  version: serviceItems.version,
  sortOrder: serviceItems.sortOrder,
};

/** The joins `adminItemColumns` needs, from `service_items`. */
export const adminItemJoins = {
  departments: eq(departments.id, serviceItems.departmentId),
  queues: eq(queues.id, serviceItems.queueId),
};

type AdminItemRow = Omit<AdminItem, "department" | "channels"> & {
  departmentCode: string;
  departmentName: string;
  departmentShortName: string;
  channels: string[];
};

export function toAdminItem(row: AdminItemRow): AdminItem {
  return {
    code: row.code,
    name: row.name,
    aliases: row.aliases,
    department: { code: row.departmentCode, name: row.departmentName, shortName: row.departmentShortName },
    category: row.category,
    kind: row.kind,
    promisedDays: row.promisedDays,
    feeCents: row.feeCents,
    channels: row.channels as Channel[],
    bookable: row.bookable,
    queue: row.queue,
    summary: row.summary,
    conditions: row.conditions,
    steps: row.steps,
    delivery: row.delivery,
    legalBasis: row.legalBasis,
    materials: row.materials,
    isActive: row.isActive,
    version: row.version,
  };
}

/** One item of a hall by code with its row id, or null; `lock` holds the row until the transaction ends. */
export async function selectAdminItem(
  db: Db | Tx,
  input: { hallId: number; code: string; lock?: boolean },
): Promise<(AdminItem & { id: number }) | null> {
  const query = db
    .select(adminItemColumns)
    .from(serviceItems)
    .innerJoin(departments, adminItemJoins.departments)
    .innerJoin(queues, adminItemJoins.queues)
    .where(and(eq(serviceItems.hallId, input.hallId), eq(serviceItems.code, input.code)));
  const [row] = input.lock ? await query.for("update", { of: serviceItems }) : await query;
  return row ? { id: row.id, ...toAdminItem(row) } : null;
}
