import { describe, expect, it } from "vitest";
import { GET as listServicesRoute } from "@/app/api/v1/services/route";
import { listItems } from "@/lib/admin/list-items";
import { listServices } from "@/lib/catalogue";
import { staffActorIn, testHallId } from "../support/fixtures";

// The words a villager types into the search box, and the item each must bring up first, on the real
// 95-item catalogue of the seeded hall (issue #13: "search by what people say").
const EVERYDAY_QUERIES: [query: string, firstCode: string][] = [
  // Named in the issue: each found nothing, or the wrong item first.
  ["社保", "RSJ-011"],
  ["社保卡", "RSJ-011"],
  ["低保", "MZJ-001"],
  ["dibao", "MZJ-001"],
  ["残疾证", "CLH-001"],
  ["老年证", "MZJ-007"],
  ["高龄补贴", "MZJ-005"],
  ["sbk", "RSJ-011"],
  ["canji", "CLH-001"],
  // Common names and keywords, in characters.
  ["医保", "YBJ-001"],
  ["农保", "RSJ-001"],
  ["新农合", "YBJ-001"],
  ["养老金", "RSJ-002"],
  ["独生子女", "WJJ-002"],
  ["准生证", "WJJ-001"],
  ["生育登记", "WJJ-001"],
  ["宅基地", "NYJ-003"],
  ["建房", "NYJ-003"],
  ["个体户", "SJJ-001"],
  ["营业执照", "SJJ-001"],
  ["退伍", "TYJ-003"],
  ["户口", "GAJ-004"],
  ["上户口", "GAJ-003"],
  ["身份证", "GAJ-001"],
  ["身份证丢了", "GAJ-002"],
  ["社保卡丢了", "RSJ-012"],
  ["报销", "YBJ-006"],
  ["异地就医", "YBJ-003"],
  ["失业金", "RSJ-010"],
  ["五保", "MZJ-003"],
  ["危房", "ZJJ-001"],
  ["法律援助", "SFJ-001"],
  ["光荣牌", "TYJ-002"],
  ["轮椅", "CLH-005"],
  ["家庭医生", "WJJ-008"],
  ["丧葬费", "RSJ-004"],
  ["种粮补贴", "NYJ-001"],
  ["土地流转", "NYJ-004"],
  ["残疾人证", "CLH-001"],
  // Pinyin initials.
  ["yb", "YBJ-001"],
  ["xnh", "YBJ-001"],
  ["lnz", "MZJ-007"],
  ["cjz", "CLH-001"],
  ["sfz", "GAJ-001"],
  ["zsz", "WJJ-001"],
  ["gth", "SJJ-001"],
  ["yyzz", "SJJ-001"],
  ["zjd", "NYJ-003"],
  ["flyz", "SFJ-001"],
  // Full pinyin.
  ["yibao", "YBJ-001"],
  ["laonianzheng", "MZJ-007"],
  ["shenfenzheng", "GAJ-001"],
  ["zhaijidi", "NYJ-003"],
  ["gaolingbutie", "MZJ-005"],
  ["canjizheng", "CLH-001"],
  ["hukou", "GAJ-004"],
  ["yanglaojin", "RSJ-002"],
  // Mixed: capitals, spaces, full pinyin with initials, characters with letters.
  ["SBK", "RSJ-011"],
  ["she bao ka", "RSJ-011"],
  ["shebaok", "RSJ-011"],
  ["canjiz", "CLH-001"],
  ["残疾z", "CLH-001"],
  ["低保bianyuan", "MZJ-002"],
];

const codesFor = async (q: string) => (await listServices({ hallId: await testHallId(), q })).map((i) => i.code);

describe("search by what people say", () => {
  it("has a table of at least 40 everyday queries", () => {
    expect(EVERYDAY_QUERIES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(EVERYDAY_QUERIES.map(([q]) => q)).size).toBe(EVERYDAY_QUERIES.length);
  });

  it.each(EVERYDAY_QUERIES)("%s finds %s first", async (query, firstCode) => {
    const codes = await codesFor(query);
    expect(codes.slice(0, 3)[0], `first three: ${codes.slice(0, 3).join(", ")}`).toBe(firstCode);
  });

  it("ranks an item whose name begins with the syllables over one that only shares them: canji is 残疾, not 参加", async () => {
    const codes = await codesFor("canji");
    const landless = codes.indexOf("RSJ-014"); // 被征地农民参加基本养老保险申请: can'jia
    for (const code of ["CLH-001", "CLH-002", "CLH-003", "CLH-004"]) {
      expect(codes.indexOf(code)).toBeGreaterThanOrEqual(0);
      if (landless >= 0) expect(codes.indexOf(code)).toBeLessThan(landless);
    }
  });

  it("keeps the catalogue's order among equally good matches", async () => {
    // 残疾人证新办, 换领, 迁移, 补办: every name begins with 残疾人证.
    expect((await codesFor("残疾人证")).slice(0, 4)).toEqual(["CLH-001", "CLH-002", "CLH-003", "CLH-004"]);
  });

  it("finds nothing for words of no item, and treats LIKE wildcards as text", async () => {
    expect(await codesFor("火星护照")).toEqual([]);
    expect(await codesFor("%")).toEqual([]);
    expect(await codesFor("_")).toEqual([]);
  });

  it("ranks the same in the API and in the admin's list", async () => {
    const hallId = await testHallId();
    const admin = await staffActorIn({ role: "admin", hallId });
    for (const q of ["低保", "sbk", "canji"]) {
      const expected = await codesFor(q);
      const response = await listServicesRoute(
        new Request(`http://hall/api/v1/services?q=${encodeURIComponent(q)}`),
        undefined as never,
      );
      const body = (await response.json()) as { items: { code: string }[]; total: number };
      expect(body.items.map((i) => i.code)).toEqual(expected);
      expect((await listItems({ actor: admin, q })).map((i) => i.code)).toEqual(expected);
    }
  });
});
