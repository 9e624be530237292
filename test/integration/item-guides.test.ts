import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { departments, serviceItems } from "@/db/schema";
import { getService } from "@/lib/catalogue";
import { departments as departmentSeeds, serviceItems as itemSeeds } from "@/lib/demo/catalogue-data";
import { testHall } from "../support/fixtures";

const seedOf = (code: string) => itemSeeds.find((i) => i.code === code)!;

describe("an item's guide (办事指南)", () => {
  it("gives the steps, how the result comes back, the legal basis and the department's phone", async () => {
    const item = await getService({ hall: await testHall(), code: "MZJ-001" });
    const seed = seedOf("MZJ-001");
    expect(item.steps).toBe(seed.steps);
    expect(item.delivery).toBe(seed.delivery);
    expect(item.legalBasis).toBe(seed.legalBasis);
    expect(item.legalBasis).toContain("《社会救助暂行办法》");
    expect(item.department.phone).toBe(departmentSeeds.find((d) => d.code === "MZJ")!.phone);
  });
});

describe("migration 0021", () => {
  const migration = readFileSync(path.join(process.cwd(), "db/migrations/0021_item_guides.sql"), "utf8");
  // The ALTER has run on the test database; the two back-fills are run again here.
  const backfills = migration.split("--> statement-breakpoint").filter((s) => /^\s*UPDATE/m.test(s));

  it("fills what is still empty from the seed and keeps what an admin wrote", async () => {
    expect(backfills).toHaveLength(2);
    const hallId = (await testHall()).id;
    const db = await getDb();
    const rolledBack = new Error("roll back");
    // In a transaction rolled back at the end: the back-fill touches every hall's items.
    await expect(
      db.transaction(async (tx) => {
        const item = (code: string) => and(eq(serviceItems.hallId, hallId), eq(serviceItems.code, code));
        const read = async (code: string) =>
          (
            await tx
              .select({
                steps: serviceItems.steps,
                delivery: serviceItems.delivery,
                legalBasis: serviceItems.legalBasis,
                version: serviceItems.version,
              })
              .from(serviceItems)
              .where(item(code))
          )[0];
        await tx.update(serviceItems).set({ steps: "", delivery: "", legalBasis: "" }).where(item("CLH-001"));
        await tx.update(serviceItems).set({ steps: "1. 管理员写的流程", delivery: "" }).where(item("GAJ-003"));
        await tx.update(departments).set({ phone: null }).where(eq(departments.code, "CLH"));
        await tx.update(departments).set({ phone: "0571-12345678" }).where(eq(departments.code, "GAJ"));
        const untouched = await read("RSJ-001");
        const before = await read("CLH-001");

        for (const statement of backfills) await tx.execute(sql.raw(statement));

        const filled = await read("CLH-001");
        expect(filled).toEqual({
          steps: seedOf("CLH-001").steps,
          delivery: seedOf("CLH-001").delivery,
          legalBasis: seedOf("CLH-001").legalBasis,
          version: before.version + 1,
        });
        const kept = await read("GAJ-003");
        expect(kept.steps).toBe("1. 管理员写的流程");
        expect(kept.delivery).toBe(seedOf("GAJ-003").delivery);
        expect(kept.legalBasis).toBe(seedOf("GAJ-003").legalBasis);
        // An item with nothing to fill is not touched, not even its version.
        expect(await read("RSJ-001")).toEqual(untouched);
        const phones = await tx
          .select({ code: departments.code, phone: departments.phone })
          .from(departments)
          .where(sql`${departments.code} in ('CLH', 'GAJ')`);
        expect(Object.fromEntries(phones.map((p) => [p.code, p.phone]))).toEqual({
          CLH: departmentSeeds.find((d) => d.code === "CLH")!.phone,
          GAJ: "0571-12345678",
        });
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
  });
});
