import "server-only";
import { and, count, eq, gt, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { bookings, serviceItems, slots } from "@/db/schema";
import { ITEM_NOT_FOUND } from "@/lib/admin/get-item";
import { recordAudit } from "@/lib/audit";
import { publishCatalogueChange } from "@/lib/queue/events";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

/**
 * Takes an item off the public catalogue, the kiosk and the window's intake (`isActive: false`), or
 * puts it back. Never a delete: its cases, bookings and report lines keep their item. One
 * conditional UPDATE: of two admins doing the same at once, one changes it and the other gets 409.
 * The answer says how many confirmed bookings of the item are still ahead: deactivating does not
 * cancel them (the hall decides whether to serve or call them), but the admin must know.
 */
export async function setItemActive(input: {
  actor: Actor;
  code: string;
  isActive: boolean;
}): Promise<{ code: string; name: string; isActive: boolean; version: number; openBookings: number }> {
  const { actor, isActive } = input;
  assertRole(actor, "admin");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(serviceItems)
      .set({ isActive, version: sql`${serviceItems.version} + 1` })
      .where(
        and(
          eq(serviceItems.hallId, actor.hallId),
          eq(serviceItems.code, input.code),
          eq(serviceItems.isActive, !isActive),
        ),
      )
      .returning({
        id: serviceItems.id,
        code: serviceItems.code,
        name: serviceItems.name,
        isActive: serviceItems.isActive,
        version: serviceItems.version,
      });
    if (!row) {
      const [exists] = await tx
        .select({ id: serviceItems.id })
        .from(serviceItems)
        .where(and(eq(serviceItems.hallId, actor.hallId), eq(serviceItems.code, input.code)));
      if (!exists) throw new AppError("not_found", ITEM_NOT_FOUND);
      throw new AppError("conflict", isActive ? "该事项已在办理中" : "该事项已停用");
    }
    await publishCatalogueChange(tx, { hallId: actor.hallId });
    await recordAudit(tx, {
      hallId: actor.hallId,
      actorId: actor.id,
      actorName: actor.username,
      action: isActive ? "item.reactivate" : "item.deactivate",
      objectType: "service_item",
      objectId: row.id,
      result: "ok",
      detail: { code: row.code, name: row.name },
    });
    const [open] = await tx
      .select({ n: count() })
      .from(bookings)
      .innerJoin(slots, eq(slots.id, bookings.slotId))
      .where(and(eq(bookings.serviceItemId, row.id), eq(bookings.status, "confirmed"), gt(slots.startsAt, sql`now()`)));
    return { code: row.code, name: row.name, isActive: row.isActive, version: row.version, openBookings: open.n };
  });
}
