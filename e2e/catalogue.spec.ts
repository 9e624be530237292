import { expect, expectNoHorizontalScroll, formAlert, test } from "./fixtures";

test.describe("the catalogue on a phone", () => {
  test("home shows the main actions and the coming weekend posts and village days", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "您好，欢迎来办事" })).toBeVisible();
    await expect(page.getByRole("link", { name: "办事指南 · 预约" })).toBeVisible();
    await expect(page.getByText(/周末服务岗 09:00–12:00/).first()).toBeVisible();
    await expect(page.getByText(/进村/).first()).toBeVisible();
    await expectNoHorizontalScroll(page);
  });

  test("lists all 95 items and searches by pinyin initials", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("link", { name: "办事指南 · 预约" }).click();
    await expect(page.getByTestId("result-count")).toHaveText("95");
    await page.getByLabel("搜索事项").fill("ylbx");
    await page.getByRole("button", { name: "搜索" }).click();
    await expect(page).toHaveURL(/q=ylbx/);
    const list = page.getByTestId("service-list");
    await expect(list.getByText(/医疗保险/).first()).toBeVisible();
    const count = Number(await page.getByTestId("result-count").textContent());
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(95);
    await expectNoHorizontalScroll(page);
  });

  test("filters by department", async ({ page }) => {
    await page.goto("/services");
    await page.getByLabel("按部门").selectOption("CLH");
    await page.getByRole("button", { name: "搜索" }).click();
    await expect(page).toHaveURL(/department=CLH/);
    const items = page.getByTestId("service-list").getByRole("listitem");
    await expect(items.first()).toBeVisible();
    for (const text of await items.allTextContents()) expect(text).toContain("残联");
  });

  test("an item page shows the one-time list of materials and where to go", async ({ page }) => {
    await page.goto("/services?q=残疾人证");
    await page.getByTestId("service-list").getByRole("link").first().click();
    await expect(page.getByRole("heading", { name: "一次性告知：请带齐这些材料" })).toBeVisible();
    await expect(page.getByTestId("materials").getByRole("listitem").first()).toBeVisible();
    await expect(page.getByText("居民身份证").first()).toBeVisible();
    await expect(page.getByRole("heading", { name: "在哪里办、什么时候办" })).toBeVisible();
    await expect(page.getByText(/08:30–12:00/)).toBeVisible();
    await expectNoHorizontalScroll(page);
  });

  test("an unknown item and a bad filter get a clear Chinese answer", async ({ page }) => {
    const response = await page.goto("/services/ZZZ-999");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "没有找到这个页面" })).toBeVisible();
    await page.goto("/services?department=abc");
    await expect(formAlert(page)).toContainText("部门代码");
    await expect(page.getByTestId("result-count")).toHaveText("95");
  });
});

test.describe("the public API", () => {
  test("health names the database, the catalogue holds 95 items, errors are problem JSON", async ({
    request,
  }, testInfo) => {
    const health = await request.get("/api/health");
    expect(await health.json()).toEqual({ status: "ok", db: testInfo.project.metadata.db });
    const services = await (await request.get("/api/v1/services")).json();
    expect(services.total).toBe(95);
    const bad = await request.get("/api/v1/services?channel=moon");
    expect(bad.status()).toBe(422);
    expect(bad.headers()["content-type"]).toContain("application/problem+json");
    expect((await bad.json()).fields.channel).toBeTruthy();
    const openapi = await (await request.get("/api/v1/openapi.json")).json();
    expect(openapi.openapi).toBe("3.1.0");
  });
});
