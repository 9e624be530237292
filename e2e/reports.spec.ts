import ExcelJS from "exceljs";
import { readFile, writeFile } from "node:fs/promises";
import type { Browser, Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, test } from "./fixtures";
import { staffPage } from "./hall-support";

// The manager's /reports: the year switch, the server-rendered charts and their tables, the Excel
// workbook and the CSV tables, the A4 print view (its PDF page count) and the refusal for a clerk.

const thisYear = () =>
  Number(new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date()));
const LAPTOP = { width: 1366, height: 768 };
const WIDE = { width: 1920, height: 1080 };

async function managerPage(browser: Browser, baseURL: string | undefined, viewport = LAPTOP): Promise<Page> {
  const context = await browser.newContext({
    baseURL,
    viewport,
    isMobile: false,
    hasTouch: false,
    acceptDownloads: true,
  });
  return staffPage(context, { username: "manager", password: DEMO_PASSWORD }, /\/reports/);
}

const numberIn = (text: string | null) => Number((text ?? "").replace(/[^\d]/g, ""));

/** How many items the hall's catalogue holds now (the report lists every one): read by the manager's JSON. */
async function catalogueSize(page: Page) {
  const res = await page.request.get(`/api/v1/reports/yearly?year=${thisYear() - 1}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { byItem: unknown[] }).byItem.length;
}

test.describe("reports", () => {
  test("the manager switches the year and sees each chart as an SVG with its table, the figures beside last year's", async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    const page = await managerPage(browser, baseURL);
    const lastYear = thisYear() - 1;
    await page.goto(`/reports?year=${lastYear}`);
    await expect(page.getByRole("link", { name: `${lastYear} 年` })).toHaveAttribute("aria-current", "page");
    const total = numberIn(await page.getByTestId("year-total").textContent());
    expect(total).toBeGreaterThan(1000);
    await expect(page.getByTestId("report-paragraph")).toContainText(`${lastYear} 年全年窗口受理办件`);

    for (const chart of ["chart-months", "chart-departments", "chart-channels", "chart-ratings", "chart-heatmap"]) {
      await expect(page.getByTestId(chart).locator("svg").first()).toBeVisible();
    }
    // The chart's table holds its numbers: twelve months that add up to the year's total.
    const months = page.getByTestId("table-months").locator("tbody tr");
    await expect(months).toHaveCount(12);
    const monthCells = await months.locator("td:nth-child(2)").allTextContents();
    expect(monthCells.map(numberIn).reduce((a, b) => a + b, 0)).toBe(total);
    await expect(page.getByTestId("table-months").locator("thead th").first()).toHaveAttribute("scope", "col");
    // Every item of the hall's catalogue: the demo's 95, and any another spec added to the shared database.
    const itemCount = await catalogueSize(page);
    expect(itemCount).toBeGreaterThanOrEqual(95);
    await expect(page.getByTestId("table-items").locator("tbody tr")).toHaveCount(itemCount);
    await page.screenshot({ path: test.info().outputPath("reports-1366.png"), fullPage: true });
    await page.screenshot({ path: test.info().outputPath("reports-1366-first-screen.png") });
    await page.getByTestId("chart-departments").screenshot({ path: test.info().outputPath("departments.png") });

    // Switch the year: this year's page, with its own total.
    await page.getByRole("link", { name: `${thisYear()} 年` }).click();
    await expect(page).toHaveURL(new RegExp(`year=${thisYear()}`));
    await expect(page.getByRole("link", { name: `${thisYear()} 年` })).toHaveAttribute("aria-current", "page");
    await expect(page.getByTestId("chart-months").locator("svg").first()).toBeVisible();

    // The item search and sorting work without JavaScript: plain GET links and forms.
    await page.goto(`/reports?year=${lastYear}`);
    await page.getByLabel("搜索事项（名称、编码或部门）").fill("社保");
    await page.getByRole("button", { name: "搜索" }).click();
    await expect(page).toHaveURL(/q=/);
    const found = await page.getByTestId("table-items").locator("tbody tr").count();
    expect(found).toBeGreaterThan(0);
    expect(found).toBeLessThan(95);
    await page.getByTestId("table-items").getByRole("link", { name: "事项", exact: true }).click();
    await expect(page).toHaveURL(/sort=1&dir=desc/);
    await expect(page.getByTestId("table-items").locator("th[aria-sort]")).toHaveText(/事项/);

    // A bad range: a Chinese message, and the default year instead.
    await page.goto(`/reports?from=${lastYear}-05-01&to=${lastYear}-03-01`);
    await expect(page.locator("main").getByRole("alert")).toContainText("开始日期不能晚于结束日期");

    // A range that is not a whole year.
    await page.goto(`/reports?from=${lastYear}-03-01&to=${lastYear}-05-31`);
    await expect(page.getByTestId("report-paragraph")).toContainText(`${lastYear}年3月1日至5月31日`);
    await expect(page.getByTestId("table-months").locator("tbody tr")).toHaveCount(3);

    const wide = await managerPage(browser, baseURL, WIDE);
    await wide.goto(`/reports?year=${lastYear}`);
    await expect(wide.getByTestId("chart-heatmap").locator("svg")).toBeVisible();
    await wide.screenshot({ path: test.info().outputPath("reports-1920.png"), fullPage: true });
    await wide.getByTestId("chart-heatmap").screenshot({ path: test.info().outputPath("heatmap-1920.png") });
  });

  test("the manager downloads the Excel workbook, whose 汇总 holds the year's total, and a CSV table", async ({
    browser,
    baseURL,
  }) => {
    const page = await managerPage(browser, baseURL);
    const lastYear = thisYear() - 1;
    await page.goto(`/reports?year=${lastYear}`);
    const total = numberIn(await page.getByTestId("year-total").textContent());

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-xlsx").click()]);
    expect(download.suggestedFilename()).toBe(`潜川镇便民服务中心办件统计 ${lastYear}年.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      "汇总",
      "按月",
      "按部门",
      "按事项",
      "按渠道",
      "按村",
      "好差评",
      "等候时间",
      "超期办件",
    ]);
    const summary = workbook.getWorksheet("汇总")!;
    let found: unknown;
    summary.eachRow((row) => {
      if (row.getCell(1).value === "受理办件总数") found = row.getCell(2).value;
    });
    expect(found).toBe(total);
    expect(workbook.getWorksheet("按事项")!.rowCount).toBe(2 + (await catalogueSize(page)));

    const csv = await page.request.get(`/api/v1/reports/tables/months.csv?year=${lastYear}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect(csv.headers()["content-disposition"]).toContain("filename*=UTF-8''");
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await csv.body());
    expect(text.startsWith("\uFEFF月份,办件量,上年同期,同比\r\n")).toBe(true);
    const rows = text.slice(1).trim().split("\r\n").slice(1);
    expect(rows).toHaveLength(12);
    expect(rows.map((r) => Number(r.split(",")[1])).reduce((a, b) => a + b, 0)).toBe(total);

    const bad = await page.request.get(`/api/v1/reports/yearly.xlsx?year=1999`);
    expect(bad.status()).toBe(400);
    expect(bad.headers()["content-type"]).toContain("application/problem+json");
    expect(((await bad.json()) as { code: string }).code).toBe("invalid_year");
  });

  test("the print view of the year fits A4 pages", async ({ browser, baseURL }) => {
    const page = await managerPage(browser, baseURL);
    const lastYear = thisYear() - 1;
    await page.goto(`/reports/print?year=${lastYear}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(`${lastYear} 年办件统计`);
    await expect(page.getByRole("navigation")).toHaveCount(0);
    await expect(page.locator("main svg").first()).toBeVisible();
    await page.screenshot({ path: test.info().outputPath("print-screen.png"), fullPage: true });

    const bytes = await page.pdf({ format: "A4", printBackground: true });
    await writeFile(test.info().outputPath("report.pdf"), bytes);
    const pdf = bytes.toString("latin1");
    const pages = pdf.match(/\/Type\s*\/Page(?![s\w])/g) ?? [];
    // The paragraph and summary, the months, departments and channels, the items, 好差评 and the
    // waiting times: four A4 pages of the demo hall's year (measured), never a long single strip.
    expect(pages.length).toBe(4);
    // Every page is A4 portrait: 595.3 × 841.9 points (Chromium rounds to its own units).
    const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)];
    expect(boxes.length).toBe(pages.length);
    for (const [, w, h] of boxes) {
      expect(Math.abs(Number(w) - 595.3)).toBeLessThan(1.5);
      expect(Math.abs(Number(h) - 841.9)).toBeLessThan(1.5);
    }
  });

  test("a clerk gets the forbidden page for /reports and 403 for its downloads", async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL, viewport: LAPTOP, isMobile: false, hasTouch: false });
    const page = await staffPage(context, { username: "clerk1", password: DEMO_PASSWORD }, /\/window/);
    for (const path of ["/reports", "/reports/print?year=2025"]) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/forbidden/);
      await expect(page.getByRole("heading", { name: "无权访问此页面" })).toBeVisible();
    }
    const year = thisYear() - 1;
    expect((await page.request.get(`/api/v1/reports/yearly.xlsx?year=${year}`)).status()).toBe(403);
    expect((await page.request.get(`/api/v1/reports/tables/items.csv?year=${year}`)).status()).toBe(403);
  });
});
