import type { Page } from "@playwright/test";
import { expect, expectNoHorizontalScroll, test } from "./fixtures";

// The item page as the one-time notice (一次性告知, issue #13): the whole 办事指南 on the phone,
// a 告知单 that prints on one A4 page, and a link to send to the family.

/** The smallest computed font size of the text in the page's main column, and the smallest link target there. */
async function smallestTextAndTarget(page: Page) {
  return page.locator("main").evaluate((main) => {
    let font = Infinity;
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement!;
      if (!node.textContent!.trim() || parent.closest("svg")) continue;
      font = Math.min(font, parseFloat(getComputedStyle(parent).fontSize));
    }
    const targets = [...main.querySelectorAll("a[data-target], button")].map((el) => el.getBoundingClientRect().height);
    return { font, target: Math.min(...targets) };
  });
}

/** How many pages a PDF holds: its page objects. */
const pageCount = (pdf: Buffer) => pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;

test.describe("an item's guide on a phone", () => {
  test("shows the steps, how the result comes back, the department's phone and the legal basis", async ({ page }) => {
    await page.goto("/services/MZJ-001");
    await expect(page.getByRole("heading", { name: "办理流程" })).toBeVisible();
    const steps = page.getByTestId("steps").getByRole("listitem");
    expect(await steps.count()).toBeGreaterThanOrEqual(3);
    await expect(steps.first()).toHaveText(/^1\. 窗口受理/);
    await expect(page.getByTestId("steps")).toContainText("20个工作日内办结");
    await expect(page.getByTestId("time-limit")).toHaveText("承诺件（20 个工作日内办结）");
    await expect(page.getByRole("heading", { name: "领取方式" })).toBeVisible();
    await expect(page.getByTestId("delivery")).toContainText("社会保障卡");
    await expect(page.getByRole("heading", { name: "咨询电话" })).toBeVisible();
    const phone = page.getByTestId("department-phone");
    await expect(phone).toHaveAttribute("href", /^tel:0571-63\d{6}$/);
    expect((await phone.boundingBox())!.height).toBeGreaterThanOrEqual(60);
    await expect(page.getByTestId("legal-basis")).toContainText("《社会救助暂行办法》");
    await expect(page.getByRole("link", { name: "分享给家人" })).toHaveAttribute(
      "href",
      /^sms:\?&body=.*%2Fservices%2FMZJ-001$/,
    );
    const sizes = await smallestTextAndTarget(page);
    expect(sizes.font).toBeGreaterThanOrEqual(18);
    expect(sizes.target).toBeGreaterThanOrEqual(60);
    await expectNoHorizontalScroll(page);
  });

  test("keeps text and targets large in elder mode", async ({ page }) => {
    await page.goto("/services/RSJ-011");
    await page.getByRole("button", { name: "长辈模式" }).click();
    await expect(page.getByRole("button", { name: "标准模式" })).toBeVisible();
    await expect(page.getByTestId("delivery")).toContainText("当场制卡");
    const sizes = await smallestTextAndTarget(page);
    expect(sizes.font).toBeGreaterThanOrEqual(20);
    expect(sizes.target).toBeGreaterThanOrEqual(64);
    await expectNoHorizontalScroll(page);
  });

  test("prints the 告知单 on one A4 page with the hall, the phones and the day", async ({ page }) => {
    // 特困人员救助供养申请 has the longest guide of the catalogue.
    await page.goto("/services/MZJ-003");
    await page.getByRole("link", { name: "打印告知单" }).click();
    await expect(page).toHaveURL(/\/services\/MZJ-003\/notice$/);
    const notice = page.getByTestId("notice");
    await expect(notice).toContainText("办事指南 · 一次性告知单");
    await expect(notice).toContainText("特困人员救助供养申请");
    await expect(notice.getByTestId("steps").getByRole("listitem").first()).toHaveText(/^1\. 窗口受理/);
    await expect(notice).toContainText("领取方式");
    await expect(notice).toContainText("《社会救助暂行办法》");
    await expect(notice.getByTestId("notice-phones")).toContainText(/杭州市临安区民政局 0571-63\d{6}/);
    await expect(notice.getByTestId("notice-phones")).toContainText("潜川镇便民服务中心 0571-63790000");
    await expect(notice).toContainText("潜川大道1号");
    await expect(notice.getByTestId("notice-date")).toHaveText(/^\d{4}年\d{1,2}月\d{1,2}日$/);

    await page.emulateMedia({ media: "print" });
    await expect(page.getByRole("button", { name: "打印告知单" })).toBeHidden();
    await expect(page.getByRole("link", { name: "办事指南", exact: true })).toBeHidden();
    expect(pageCount(await page.pdf({ preferCSSPageSize: true }))).toBe(1);
    // Elder mode's larger screen text does not push it onto a second page. (Back to no emulation:
    // an emulated "screen" would print with the screen's CSS.)
    await page.emulateMedia({ media: null });
    await page.getByRole("button", { name: "长辈模式" }).click();
    await expect(page.getByRole("button", { name: "标准模式" })).toBeVisible();
    expect(pageCount(await page.pdf({ preferCSSPageSize: true }))).toBe(1);
  });

  test("an unknown item has no 告知单: the Chinese 404 page", async ({ page }) => {
    const response = await page.goto("/services/ZZZ-999/notice");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "没有找到这个页面" })).toBeVisible();
  });

  test("shares the page: the link is copied where the phone has no share sheet", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.addInitScript(() => {
      // @ts-expect-error a browser without the Web Share API
      delete Navigator.prototype.share;
    });
    await page.goto("/services/CLH-001");
    await page.getByRole("link", { name: "分享给家人" }).click();
    await expect(page.getByRole("status").filter({ hasText: "链接已复制" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/\/services\/CLH-001$/);
  });
});
