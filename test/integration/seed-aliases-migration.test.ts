import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { serviceItems } from "@/db/schema";
import { pinyinKeys } from "@/lib/catalogue/search-keys";
import { serviceItems as seedItems } from "@/lib/demo/catalogue-data";
import { testHallId } from "../support/fixtures";

// An install whose catalogue was loaded before the seed had common names (俗称) gets them from
// migration 0020, keyed by the district's item code; what an admin changed stays.

describe("migration 0020", () => {
  const seed = (code: string) => seedItems.find((i) => i.code === code)!;

  it("gives an install loaded before the common names existed the seed's, and keeps an admin's", async () => {
    const migration = readFileSync(path.join(process.cwd(), "db/migrations/0020_seed_aliases.sql"), "utf8");
    const statement = sql.raw(migration.replace(/^\s*--.*$/gm, ""));
    const hallId = await testHallId();
    const db = await getDb();
    const ofHall = (code?: string) =>
      code ? and(eq(serviceItems.hallId, hallId), eq(serviceItems.code, code)) : eq(serviceItems.hallId, hallId);
    const keyColumns = {
      code: serviceItems.code,
      name: serviceItems.name,
      aliases: serviceItems.aliases,
      pinyinInitials: serviceItems.pinyinInitials,
      pinyinFull: serviceItems.pinyinFull,
    };
    // In a transaction rolled back at the end: the migration touches every such item of the database.
    const rolledBack = new Error("roll back");
    await expect(
      db.transaction(async (tx) => {
        const read = async () => tx.select(keyColumns).from(serviceItems).where(ofHall()).orderBy(serviceItems.code);
        // The hall as it stood before: no common names, the name's pinyin only, its letters run together.
        await tx
          .update(serviceItems)
          .set({
            aliases: [],
            pinyinInitials: sql`split_part(${serviceItems.pinyinInitials}, ' ', 1)`,
            pinyinFull: sql`replace(split_part(${serviceItems.pinyinFull}, ' ', 1), '''', '')`,
          })
          .where(ofHall());
        // An admin gave 社会保障卡申领 a common name of their own, and renamed 残疾人证新办.
        await tx
          .update(serviceItems)
          .set({ aliases: ["市民卡"], ...pinyinKeys(seed("RSJ-011").name, ["市民卡"]) })
          .where(ofHall("RSJ-011"));
        await tx
          .update(serviceItems)
          .set({ name: "残疾人证办理", pinyinInitials: "cjrzbl", pinyinFull: "canjirenzhengbanli" })
          .where(ofHall("CLH-001"));

        await tx.execute(statement);
        const migrated = await read();
        expect(migrated).toHaveLength(95);
        for (const row of migrated) {
          const item = seed(row.code);
          if (row.code === "RSJ-011") {
            expect(row).toEqual({
              code: item.code,
              name: item.name,
              aliases: ["市民卡"],
              ...pinyinKeys(item.name, ["市民卡"]),
            });
          } else if (row.code === "CLH-001") {
            const aliasKeys = pinyinKeys(item.aliases[0], item.aliases.slice(1));
            expect(row).toEqual({
              code: item.code,
              name: "残疾人证办理",
              aliases: item.aliases,
              pinyinInitials: `cjrzbl ${aliasKeys.pinyinInitials}`,
              pinyinFull: `canjirenzhengbanli ${aliasKeys.pinyinFull}`,
            });
          } else {
            // As a fresh load of the catalogue makes it.
            expect(row).toEqual({
              code: item.code,
              name: item.name,
              aliases: item.aliases,
              ...pinyinKeys(item.name, item.aliases),
            });
          }
        }
        await tx.execute(statement);
        expect(await read()).toEqual(migrated);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
  });
});
