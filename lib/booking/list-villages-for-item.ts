import "server-only";
import { and, asc, between, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { villages, villageVisits } from "@/db/schema";
import { bookingWindow, getBookableItem } from "@/lib/booking/bookable-item";

/** The villages whose coming visit days offer the item, for the "my village" choice. */
export async function listVillagesForItem(input: { hallId: number; service: string }) {
  const db = await getDb();
  const item = await getBookableItem(db, { hallId: input.hallId, code: input.service });
  const window = bookingWindow();
  return db
    .selectDistinct({ code: villages.code, name: villages.name, date: villageVisits.date, theme: villageVisits.theme })
    .from(villageVisits)
    .innerJoin(villages, eq(villages.id, villageVisits.villageId))
    .where(
      and(
        eq(villageVisits.hallId, input.hallId),
        between(villageVisits.date, window.today, window.lastDate),
        sql`${item.category} = any(${villageVisits.categories})`,
      ),
    )
    .orderBy(asc(villageVisits.date));
}
