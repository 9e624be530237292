import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { uniqueViolation } from "@/db/errors";
import { serviceItems } from "@/db/schema";
import { ITEM_NOT_FOUND } from "@/lib/admin/get-item";
import type { ItemInput } from "@/lib/admin/item-schemas";
import { selectAdminItem, type AdminItem } from "@/lib/admin/item-view";
import { changedFields, inputOf, itemColumns, loadItemReferences } from "@/lib/admin/item-write";
import { recordAudit } from "@/lib/audit";
import { publishCatalogueChange } from "@/lib/queue/events";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

export const ITEM_EDITED_MEANWHILE = "该事项刚被他人修改过，请刷新后在最新内容上再改";
export const DUPLICATE_ITEM_NAME = "本中心已有同名事项";

/**
 * Saves an item of the admin's hall as edited on `version`. Cases already taken in keep the list of
 * materials of their intake day (cases.materials_list); every instance is told to forget its cached
 * copy of the hall's items once the edit commits (publishCatalogueChange), so the public pages
 * show the edit at once. An edit that changes nothing writes
 * nothing; one made on an older version is refused (409), not merged over the other admin's.
 */
export async function updateItem(input: {
  actor: Actor;
  code: string;
  version: number;
  item: ItemInput;
}): Promise<AdminItem & { changed: string[] }> {
  const { actor, item } = input;
  assertRole(actor, "admin");
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const before = await selectAdminItem(tx, { hallId: actor.hallId, code: input.code, lock: true });
      if (!before) throw new AppError("not_found", ITEM_NOT_FOUND);
      if (before.version !== input.version) throw new AppError("conflict", ITEM_EDITED_MEANWHILE);
      const refs = await loadItemReferences(tx, actor.hallId);
      const departmentId = refs.department(item.department);
      const queueId = refs.queue(item.queue);
      if (departmentId === undefined || queueId === undefined)
        throw new AppError("invalid_input", undefined, {
          ...(departmentId === undefined ? { department: "没有这个部门" } : {}),
          ...(queueId === undefined ? { queue: "本中心没有这个取号队列" } : {}),
        });
      const { id, ...current } = before;
      const changed = changedFields(inputOf(current), item);
      if (changed.length === 0) return { ...current, changed };
      await tx
        .update(serviceItems)
        .set({ ...itemColumns(item, { departmentId, queueId }), version: before.version + 1 })
        .where(eq(serviceItems.id, id));
      await publishCatalogueChange(tx, { hallId: actor.hallId });
      await recordAudit(tx, {
        hallId: actor.hallId,
        actorId: actor.id,
        actorName: actor.username,
        action: "item.update",
        objectType: "service_item",
        objectId: id,
        result: "ok",
        detail: { code: before.code, name: item.name, changed },
      });
      const after = (await selectAdminItem(tx, { hallId: actor.hallId, code: input.code }))!;
      const { id: _id, ...view } = after;
      return { ...view, changed };
    });
  } catch (error) {
    if (uniqueViolation(error) === "service_items_hall_name_uq")
      throw new AppError("conflict", DUPLICATE_ITEM_NAME, { name: DUPLICATE_ITEM_NAME });
    throw error;
  }
}
