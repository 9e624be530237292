import { expect, test } from "./fixtures";

// The district (区级监管) signs in, sees every town of the demo side by side for last year, and
// opens the second town's report; a town's manager cannot open the other town's.

const SECOND = { code: "yuqian", name: "於潜镇便民服务中心" };
const FIRST_NAME = "潜川镇便民服务中心";

test.use({ viewport: { width: 1366, height: 768 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

test("the district sees both towns side by side and opens the second town's report", async ({
  page,
  loginAs,
}, testInfo) => {
  const year = new Date().getFullYear() - 1;
  await loginAs("district");
  await expect(page).toHaveURL(/\/district$/);
  await expect(page.getByRole("heading", { name: "全区概览" })).toBeVisible();

  const table = page.getByRole("table", { name: new RegExp(`${year} 年各服务中心办件对比`) });
  await expect(table).toBeVisible();
  const first = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: FIRST_NAME }) });
  const second = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: SECOND.name }) });
  await expect(first).toHaveCount(1);
  await expect(second).toHaveCount(1);
  // A year of demo cases in each town: thousands, each its own figure.
  const totalOf = async (row: typeof first) =>
    Number((await row.getByRole("cell").first().innerText()).replace(/,/g, ""));
  const [firstTotal, secondTotal] = [await totalOf(first), await totalOf(second)];
  expect(firstTotal).toBeGreaterThan(5000);
  expect(secondTotal).toBeGreaterThan(4000);
  expect(firstTotal).not.toBe(secondTotal);
  await expect(second.getByRole("cell").nth(6)).toHaveText(/^\d+\.\d%$/); // 最多跑一次率
  await expect(page.getByTestId("district-total")).toHaveText((firstTotal + secondTotal).toLocaleString("zh-CN"));
  // Nothing is cut off at 1366×768: the table fits the page's width.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: testInfo.outputPath("district.png"), fullPage: true });

  // The second town's report: the link says which town, and its figures are that town's.
  const link = second.getByRole("link", { name: `查看报表：${SECOND.name}` });
  await expect(link).toHaveAttribute("href", `/reports?hall=${SECOND.code}&year=${year}`);
  const report = await page.request.get(`/api/v1/reports/yearly?year=${year}&hall=${SECOND.code}`);
  expect(report.status()).toBe(200);
  const body = await report.json();
  expect(body.scope).toMatchObject({ kind: "hall", hallName: SECOND.name });
  expect(body.total).toBe(secondTotal);
  // … and the link opens that town's report page with that total.
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/reports\\?hall=${SECOND.code}&year=${year}`));
  await expect(page.getByTestId("year-total")).toHaveText(secondTotal.toLocaleString("zh-CN"));
  await expect(page.getByText(SECOND.name).first()).toBeVisible();
  await page.goBack();

  // Another year from the picker: the same towns, that year's figures.
  await page
    .getByRole("navigation", { name: "年份" })
    .getByRole("link", { name: `${year + 1} 年` })
    .click();
  await expect(page.getByRole("table", { name: new RegExp(`${year + 1} 年各服务中心办件对比`) })).toBeVisible();
});

test("a town's manager opens neither the district's page nor the other town's report", async ({ page, loginAs }) => {
  await loginAs("manager");
  await page.goto("/district");
  await expect(page).toHaveURL(/\/forbidden/);
  const year = new Date().getFullYear() - 1;
  const other = await page.request.get(`/api/v1/reports/yearly?year=${year}&hall=${SECOND.code}`);
  expect(other.status()).toBe(404);
  const own = await page.request.get(`/api/v1/reports/yearly?year=${year}`);
  expect(own.status()).toBe(200);
  expect((await own.json()).scope).toMatchObject({ kind: "hall", hallName: FIRST_NAME });
  // The other town's report page is the 404 page, not its figures.
  const page404 = await page.goto(`/reports?hall=${SECOND.code}&year=${year}`);
  expect(page404?.status()).toBe(404);
});
