import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { as } from "../support/request-actor";
import type { StaffRole } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";

// The report's downloads as a client meets them: the workbook and a CSV table with the hall's own
// figures (the same as getReport's), Chinese file names, and problem JSON for every bad request.
vi.mock("@/lib/auth/session", () => import("../support/request-actor").then((m) => m.sessionStandIn));

const workbookRoute = await import("@/app/api/v1/reports/yearly.xlsx/route");
const tableRoute = await import("@/app/api/v1/reports/tables/[file]/route");
const { getReport } = await import("@/lib/reports");
const { getDb } = await import("@/db/client");
const { halls } = await import("@/db/schema");
const { eq } = await import("drizzle-orm");
const { shanghaiDate } = await import("@/lib/time");
const { staffActorIn } = await import("../support/fixtures");
const { createReportHall, generateActivity } = await import("../support/report-hall");

const lastYear = Number(shanghaiDate().slice(0, 4)) - 1;
let hallId: number;
let hallName: string;
let otherCode: string;
let manager: Actor;

const staffActor = (role: StaffRole, hallId: number) => staffActorIn({ role, hallId });

const workbook = (actor: Actor | null, query: string) =>
  as(actor, () =>
    workbookRoute.GET(new Request(`http://hall/api/v1/reports/yearly.xlsx${query}`), { params: Promise.resolve({}) }),
  );
const table = (actor: Actor | null, file: string, query: string) =>
  as(actor, () =>
    tableRoute.GET(new Request(`http://hall/api/v1/reports/tables/${file}${query}`), {
      params: Promise.resolve({ file }),
    }),
  );

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  const body = (await response.json()) as { code: string; message: string };
  expect(body.code).toBe(code);
  expect(body.message).toMatch(/[\u4e00-\u9fff]/);
}

beforeAll(async () => {
  hallId = (await createReportHall()).hallId;
  const other = await createReportHall();
  const db = await getDb();
  otherCode = (await db.select({ code: halls.code }).from(halls).where(eq(halls.id, other.hallId)))[0].code;
  hallName = (await db.select({ name: halls.name }).from(halls).where(eq(halls.id, hallId)))[0].name;
  await generateActivity({
    hallId,
    from: `${lastYear}-01-01T00:00:00+08:00`,
    until: `${lastYear}-12-31T12:00:00+08:00`,
    count: 400,
  });
  manager = await staffActor("manager", hallId);
});

describe("GET /api/v1/reports/yearly.xlsx", () => {
  it("is the hall's year as a workbook whose 汇总 and 按月 hold getReport's total, under a Chinese file name", async () => {
    const response = await workbook(manager, `?year=${lastYear}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const disposition = response.headers.get("content-disposition")!;
    expect(disposition).toContain(`filename="report-year-${lastYear}.xlsx"`);
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(`${hallName}办件统计 ${lastYear}年.xlsx`)}`);

    const report = await getReport({
      actor: manager,
      range: { from: `${lastYear}-01-01`, to: `${lastYear}-12-31` },
    });
    expect(report.current.totals.total).toBeGreaterThan(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await response.arrayBuffer());
    const summary = book.getWorksheet("汇总")!;
    expect(summary.getCell("A3").value).toBe("受理办件总数");
    expect(summary.getCell("B3").value).toBe(report.current.totals.total);
    const months = book.getWorksheet("按月")!;
    const sum = Array.from({ length: 12 }, (_, i) => Number(months.getCell(`B${3 + i}`).value)).reduce((a, b) => a + b);
    expect(sum).toBe(report.current.totals.total);
    expect(book.getWorksheet("按事项")!.rowCount).toBe(2 + report.current.byItem.length);
  });

  it("refuses a bad year or range, nobody signed in, another role and another hall with problem JSON", async () => {
    await expectProblem(await workbook(manager, ""), 400, "invalid_year");
    await expectProblem(await workbook(manager, "?year=1999"), 400, "invalid_year");
    await expectProblem(await workbook(manager, `?from=${lastYear}-05-01&to=${lastYear}-03-01`), 400, "invalid_range");
    await expectProblem(await workbook(manager, `?from=${lastYear}-05-01`), 400, "invalid_range");
    await expectProblem(await workbook(null, `?year=${lastYear}`), 401, "unauthorized");
    await expectProblem(await workbook(await staffActor("clerk", hallId), `?year=${lastYear}`), 403, "forbidden");
    await expectProblem(await workbook(await staffActor("clerk", hallId), ""), 403, "forbidden");
    await expectProblem(await workbook(manager, `?year=${lastYear}&hall=${otherCode}`), 404, "not_found");
  });
});

describe("GET /api/v1/reports/tables/{name}.csv", () => {
  it("is one table as CSV with a BOM, for a year or a range", async () => {
    const response = await table(manager, "channels.csv", `?year=${lastYear}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toContain(
      `filename*=UTF-8''${encodeURIComponent(`${hallName}按渠道办件量 ${lastYear}年.csv`)}`,
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trimEnd().split("\r\n");
    expect(lines[0]).toBe("渠道,办件量,占比,上年同期,同比");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["服务中心窗口", "周末服务岗", "周二主题下村日"]);

    const report = await getReport({ actor: manager, range: { from: `${lastYear}-03-01`, to: `${lastYear}-05-31` } });
    const months = await table(manager, "months.csv", `?from=${lastYear}-03-01&to=${lastYear}-05-31`);
    const rows = (await months.text()).trimEnd().split("\r\n").slice(1);
    expect(rows.map((r) => r.split(",")[0])).toEqual([`${lastYear}年3月`, `${lastYear}年4月`, `${lastYear}年5月`]);
    expect(rows.map((r) => Number(r.split(",")[1])).reduce((a, b) => a + b)).toBe(report.current.totals.total);
  });

  it("answers 404 for a table that does not exist and refuses as the workbook does", async () => {
    await expectProblem(await table(manager, "secrets.csv", `?year=${lastYear}`), 404, "not_found");
    // Another role learns nothing, not even which tables exist.
    await expectProblem(
      await table(await staffActor("clerk", hallId), "secrets.csv", `?year=${lastYear}`),
      403,
      "forbidden",
    );
    await expectProblem(await table(manager, "months.xlsx", `?year=${lastYear}`), 404, "not_found");
    await expectProblem(await table(manager, "months.csv", "?year=abcd"), 400, "invalid_year");
    await expectProblem(await table(null, "months.csv", `?year=${lastYear}`), 401, "unauthorized");
    await expectProblem(
      await table(await staffActor("clerk", hallId), "months.csv", `?year=${lastYear}`),
      403,
      "forbidden",
    );
  });
});
