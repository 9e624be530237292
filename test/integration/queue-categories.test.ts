import { describe, expect, it } from "vitest";
import { listQueueCategories } from "@/lib/catalogue/list-queue-categories";
import { listServices } from "@/lib/catalogue";
import { testHall } from "../support/fixtures";

describe("what each queue takes (the kiosk's line per queue)", () => {
  it("lists, per queue, the categories of exactly the active items mapped to it", async () => {
    const hallId = (await testHall()).id;
    const queues = await listQueueCategories({ hallId });
    // The seeded queues come first, in their order (on PostgreSQL other files add queues to the hall).
    expect(queues.map((q) => q.prefix).filter((p) => ["A", "B", "C"].includes(p))).toEqual(["A", "B", "C"]);
    const items = await listServices({ hallId });
    // Every category of the catalogue appears under some queue, and none twice under one queue.
    const listed = new Set(queues.flatMap((q) => q.categories));
    expect(listed).toEqual(new Set(items.map((i) => i.category)));
    for (const q of queues) expect(new Set(q.categories).size).toBe(q.categories.length);
    // B (社保医保) takes the medical insurance items; A does not take every category.
    expect(queues.find((q) => q.prefix === "B")!.categories).toContain("医疗保障");
    expect(queues.find((q) => q.prefix === "A")!.categories.length).toBeLessThan(listed.size);
  });
});
