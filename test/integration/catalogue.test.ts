import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GET as getServiceRoute } from "@/app/api/v1/services/[code]/route";
import { GET as listServicesRoute } from "@/app/api/v1/services/route";
import { GET as healthRoute } from "@/app/api/health/route";
import { getService, listDepartments, listServices } from "@/lib/catalogue";
import { AppError } from "@/lib/errors";
import { testHall } from "../support/fixtures";

const noContext = undefined as never;
const codeContext = (code: string) => ({ params: Promise.resolve({ code }) });

describe("the catalogue", () => {
  it("holds exactly 95 items across the departments", async () => {
    const items = await listServices({ hallId: (await testHall()).id });
    expect(items).toHaveLength(95);
    expect(new Set(items.map((i) => i.code)).size).toBe(95);
    const departments = await listDepartments({ hallId: (await testHall()).id });
    expect(departments.reduce((s, d) => s + d.items, 0)).toBe(95);
    expect(departments.length).toBeGreaterThanOrEqual(10);
  });

  it("finds items by pinyin initials: ylbx finds 医疗保险", async () => {
    const items = await listServices({ hallId: (await testHall()).id, q: "ylbx" });
    expect(items.some((i) => i.name.includes("医疗保险"))).toBe(true);
    expect(items.length).toBeLessThan(95);
  });

  it("finds items by part of the name, by full pinyin, by department and by channel", async () => {
    const byName = await listServices({ hallId: (await testHall()).id, q: "残疾人证" });
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.every((i) => i.name.includes("残疾人证"))).toBe(true);
    const byPinyin = await listServices({ hallId: (await testHall()).id, q: "canji" });
    expect(byPinyin.some((i) => i.name.includes("残疾"))).toBe(true);
    const medical = await listServices({ hallId: (await testHall()).id, department: "YBJ" });
    expect(medical.length).toBeGreaterThan(5);
    expect(medical.every((i) => i.department.code === "YBJ")).toBe(true);
    const village = await listServices({ hallId: (await testHall()).id, channel: "village" });
    expect(village.length).toBeGreaterThan(10);
    expect(village.every((i) => i.channels.includes("village"))).toBe(true);
    expect(await listServices({ hallId: (await testHall()).id, q: "%_%" })).toEqual([]);
  });

  it("gives an item with its materials and where and when it is handled", async () => {
    const item = await getService({ hall: await testHall(), code: "YBJ-001" });
    expect(item.materials.length).toBeGreaterThan(0);
    expect(item.materials.every((m) => m.name && m.copies)).toBe(true);
    expect(item.where.hall.hours).toHaveLength(5);
    await expect(getService({ hall: await testHall(), code: "ZZZ-999" })).rejects.toBeInstanceOf(AppError);
  });
});

describe("the catalogue API", () => {
  it("answers /api/health with the database kind", async () => {
    const response = await healthRoute();
    expect(await response.json()).toEqual({
      status: "ok",
      db: process.env.TEST_DB_KIND === "postgres" ? "postgres" : "pglite",
    });
  });

  it("lists, searches and filters", async () => {
    const all = await listServicesRoute(new Request("http://hall/api/v1/services"), noContext);
    expect(all.status).toBe(200);
    const body = await all.json();
    expect(body.total).toBe(95);
    expect(body.items).toHaveLength(95);
    const search = await (await listServicesRoute(new Request(`http://hall/api/v1/services?q=ylbx`), noContext)).json();
    expect(search.total).toBe(search.items.length);
    expect(search.items.some((i: { name: string }) => i.name.includes("医疗保险"))).toBe(true);
  });

  it("answers bad filters with 422 problem JSON naming the field", async () => {
    const response = await listServicesRoute(
      new Request("http://hall/api/v1/services?department=abc&channel=moon"),
      noContext,
    );
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = await response.json();
    expect(problem.code).toBe("invalid_input");
    expect(Object.keys(problem.fields).sort()).toEqual(["channel", "department"]);
  });

  it("gives one item, and 404 problem JSON for an unknown or malformed code", async () => {
    const ok = await getServiceRoute(new Request("http://hall/api/v1/services/YBJ-001"), codeContext("YBJ-001"));
    expect(ok.status).toBe(200);
    expect((await ok.json()).code).toBe("YBJ-001");
    for (const code of ["ZZZ-999", "../etc", "%00"]) {
      const missing = await getServiceRoute(new Request("http://hall/api/v1/services/x"), codeContext(code));
      expect(missing.status).toBe(404);
      expect((await missing.json()).code).toBe("not_found");
    }
  });

  it("never answers a generated query with a 5xx", async () => {
    const key = fc.constantFrom("q", "department", "channel", "x", "q[]", "");
    const value = fc.oneof(
      fc.string(),
      fc.string({ unit: "binary" }),
      fc.constantFrom("YBJ", "village", "ylbx", "'; drop table cases; --", "%", "\\", "😀".repeat(40)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, value), { maxLength: 4 }), async (pairs) => {
        const params = new URLSearchParams();
        for (const [k, v] of pairs) params.append(k, v);
        const response = await listServicesRoute(new Request(`http://hall/api/v1/services?${params}`), noContext);
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(typeof (await response.json()).code).toBe("string");
      }),
      { numRuns: 250 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 40 }), async (code) => {
        const response = await getServiceRoute(new Request("http://hall/api/v1/services/x"), codeContext(code));
        expect([200, 404]).toContain(response.status);
      }),
      { numRuns: 150 },
    );
  });
});
