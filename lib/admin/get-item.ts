import "server-only";
import { getDb } from "@/db/client";
import { selectAdminItem, type AdminItem } from "@/lib/admin/item-view";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

export const ITEM_NOT_FOUND = "没有找到该事项";

/** One item of the admin's own hall, active or not; another hall's code is not found. */
export async function getItem(input: { actor: Actor; code: string }): Promise<AdminItem> {
  const { actor } = input;
  assertRole(actor, "admin");
  const row = await selectAdminItem(await getDb(), { hallId: actor.hallId, code: input.code });
  if (!row) throw new AppError("not_found", ITEM_NOT_FOUND);
  const { id: _id, ...item } = row;
  return item;
}
