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

  test("the search box's hint is read whole on a phone", async ({ page }) => {
    await page.goto("/services");
    const box = page.getByLabel("搜索事项");
    await expect(box).toHaveAttribute("placeholder", /拼音首字母/);
    // The placeholder is cut at the box's edge, not wrapped: it must fit the box as drawn.
    const overflow = await box.evaluate((input: HTMLInputElement) => {
      const style = getComputedStyle(input);
      const context = document.createElement("canvas").getContext("2d")!;
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return context.measureText(input.placeholder).width - room;
    });
    expect(overflow).toBeLessThanOrEqual(0);
  });

  test("finds an item by what people call it (俗称), best match first", async ({ page }) => {
    await page.goto("/services");
    for (const [query, first] of [
      ["社保卡", "社会保障卡申领"],
      ["dibao", "最低生活保障申请"],
      ["canji", "残疾人证新办"],
    ]) {
      await page.getByLabel("搜索事项").fill(query);
      await page.getByRole("button", { name: "搜索" }).click();
      await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(query)}`));
      await expect(page.getByTestId("service-list").getByRole("link").first()).toContainText(first);
    }
  });

  test("filters by department at once, keeping the search", async ({ page }) => {
    await page.goto("/services?q=补贴");
    const before = Number(await page.getByTestId("result-count").textContent());
    await page.getByText("按部门：全部部门").click();
    await page.getByRole("link", { name: /^残联/ }).click();
    await expect(page).toHaveURL(/department=CLH/);
    await expect(page).toHaveURL(/q=%E8%A1%A5%E8%B4%B4/);
    await expect(page.getByText("按部门：残联")).toBeVisible();
    const items = page.getByTestId("service-list").getByRole("listitem");
    await expect(items.first()).toBeVisible();
    for (const text of await items.allTextContents()) expect(text).toContain("残联");
    expect(Number(await page.getByTestId("result-count").textContent())).toBeLessThan(before);
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

test.describe("the catalogue without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("searches by a common name and filters by department with links", async ({ page }) => {
    await page.goto("/services");
    await page.getByLabel("搜索事项").fill("低保");
    await page.getByRole("button", { name: "搜索" }).click();
    await expect(page).toHaveURL(/q=%E4%BD%8E%E4%BF%9D/);
    const list = page.getByTestId("service-list");
    await expect(list.getByRole("link").first()).toContainText("最低生活保障申请");
    await page.getByText("按部门：全部部门").click();
    await page.getByRole("link", { name: /^民政/ }).click();
    await expect(page).toHaveURL(/q=%E4%BD%8E%E4%BF%9D/);
    await expect(page).toHaveURL(/department=MZJ/);
    await expect(list.getByRole("link").first()).toContainText("最低生活保障申请");
    for (const text of await list.getByRole("listitem").allTextContents()) expect(text).toContain("民政");
    // A department with no match: one tap searches every department again.
    await page.getByText("按部门：民政").click();
    await page.getByRole("link", { name: /^公安/ }).click();
    await expect(page.getByTestId("result-count")).toHaveText("0");
    await page.getByRole("link", { name: "在全部部门中找“低保”" }).click();
    await expect(page).not.toHaveURL(/department=/);
    await expect(list.getByRole("link").first()).toContainText("最低生活保障申请");
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
    const ranked = await (await request.get(`/api/v1/services?q=${encodeURIComponent("老年证")}`)).json();
    expect(ranked.items[0].code).toBe("MZJ-007");
    const openapi = await (await request.get("/api/v1/openapi.json")).json();
    expect(openapi.openapi).toBe("3.1.0");
  });
});
