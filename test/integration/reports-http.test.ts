import { beforeAll, describe, expect, it, vi } from "vitest";
import { as } from "../support/request-actor";
import type { StaffRole } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";

// GET /api/v1/reports/yearly as a client meets it: the JSON, agreeing totals, and problem
// JSON for a bad year (400), anonymous (401), other roles (403) and another hall (404).
vi.mock("@/lib/auth/session", () => import("../support/request-actor").then((m) => m.sessionStandIn));

const { GET } = await import("@/app/api/v1/reports/yearly/route");
const { yearlyReportSchema } = await import("@/lib/api/responses");
const { getDb } = await import("@/db/client");
const { halls } = await import("@/db/schema");
const { eq } = await import("drizzle-orm");
const { shanghaiDate } = await import("@/lib/time");
const { staffActorIn } = await import("../support/fixtures");
const { createReportHall, generateActivity } = await import("../support/report-hall");

const year = Number(shanghaiDate().slice(0, 4));
let hallId: number;
let otherCode: string;
let manager: Actor;

const staffActor = (role: StaffRole, hallId: number) => staffActorIn({ role, hallId });

const get = (actor: Actor | null, query: string) =>
  as(actor, () => GET(new Request(`http://hall/api/v1/reports/yearly${query}`), { params: Promise.resolve({}) }));

beforeAll(async () => {
  hallId = (await createReportHall()).hallId;
  const other = await createReportHall();
  const db = await getDb();
  otherCode = (await db.select({ code: halls.code }).from(halls).where(eq(halls.id, other.hallId)))[0].code;
  await generateActivity({
    hallId,
    from: `${year - 1}-01-01T00:00:00+08:00`,
    until: new Date().toISOString(),
    count: 600,
  });
  manager = await staffActor("manager", hallId);
});

describe("GET /api/v1/reports/yearly", () => {
  it("answers the year's figures in the documented shape, with totals that agree", async () => {
    const response = await get(manager, `?year=${year}`);
    expect(response.status).toBe(200);
    const body = yearlyReportSchema.parse(await response.json());
    expect(body.year).toBe(year);
    expect(body.scope).toMatchObject({ kind: "hall", hallId });
    expect(body.byMonth.map((m) => m.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const sum = (xs: { cases: number }[]) => xs.reduce((s, x) => s + x.cases, 0);
    expect(body.total).toBeGreaterThan(0);
    for (const list of [body.byMonth, body.byChannel, body.byDepartment, body.byItem])
      expect(sum(list)).toBe(body.total);
    expect(body.previous.year).toBe(year - 1);
    expect(body.previous.total).toBeGreaterThan(0);
    expect(body.satisfaction.byLevel.map((l) => l.level)).toEqual([5, 4, 3, 2, 1]);
    // This year is the default.
    const defaulted = await (await get(manager, "")).json();
    expect(defaulted.total).toBe(body.total);
  });

  it("answers a bad year with 400 problem JSON in Chinese", async () => {
    for (const bad of ["1999", String(year + 1), "abcd", "202"]) {
      const response = await get(manager, `?year=${bad}`);
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      const problem = await response.json();
      expect(problem.code).toBe("invalid_year");
      expect(problem.message).toMatch(/年份/);
    }
  });

  it("answers anonymous 401, a clerk or a kiosk 403, another hall 404; the district sees it", async () => {
    expect((await get(null, `?year=${year}`)).status).toBe(401);
    const clerk = await staffActor("clerk", hallId);
    const clerkAnswer = await get(clerk, `?year=${year}`);
    expect(clerkAnswer.status).toBe(403);
    expect((await clerkAnswer.json()).code).toBe("forbidden");
    const kiosk = await staffActor("kiosk", hallId);
    expect((await get(kiosk, `?year=${year}`)).status).toBe(403);
    const other = await get(manager, `?year=${year}&hall=${otherCode}`);
    expect(other.status).toBe(404);
    expect((await other.json()).code).toBe("not_found");
    const district = { ...manager, role: "district" as StaffRole };
    const seen = await get(district, `?year=${year}&hall=${otherCode}`);
    expect(seen.status).toBe(200);
    expect((await seen.json()).scope.kind).toBe("hall");
  });
});
