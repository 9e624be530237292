import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { halls } from "@/db/schema";
import { buildCatalogueWorkbook } from "@/lib/admin/catalogue-workbook";
import { inputOf } from "@/lib/admin/item-write";
import { listItems } from "@/lib/admin/list-items";
import type { Actor } from "@/lib/auth/actor";
import { shanghaiDate } from "@/lib/time";

/** The hall's whole catalogue, deactivated items too, as the district's workbook (事项 and 材料). */
export async function exportCatalogue(input: {
  actor: Actor;
  now?: Date;
}): Promise<{ fileName: string; bytes: Buffer }> {
  const { actor } = input;
  const items = await listItems({ actor, status: "all" });
  const db = await getDb();
  const [hall] = await db.select({ name: halls.name }).from(halls).where(eq(halls.id, actor.hallId));
  const bytes = await buildCatalogueWorkbook(
    items.map((item) => ({
      code: item.code,
      departmentName: item.department.name,
      isActive: item.isActive,
      item: inputOf(item),
    })),
    { now: input.now },
  );
  return { fileName: `${hall.name}事项目录 ${shanghaiDate(input.now)}.xlsx`, bytes };
}
