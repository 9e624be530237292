import type { Locator, Page } from "@playwright/test";
import { book, items, openOwnBooking, shanghaiDay, slotsOf } from "./booking-support";
import { expect, signIn, test } from "./fixtures";

// Issue 13, the booking flow without dead ends, on a phone (390×844): the times in view after a
// day is tapped, every village with its next visit, and every notice saying where to go.

const HORIZON_DAYS = 100; // BOOKING_HORIZON_DAYS of the e2e servers (playwright.config.ts)

/** The element lies wholly inside the phone's screen as the page shows it (no scrolling by the test). */
async function expectInViewport(page: Page, element: Locator) {
  const height = page.viewportSize()!.height;
  await expect
    .poll(async () => {
      const box = await element.boundingBox();
      return box ? box.y >= 0 && box.y + box.height <= height : false;
    })
    .toBe(true);
}

/** A village-day item and the villages whose next visit for it is beyond the booking horizon. */
async function villageItemWithLaterVisits(page: Page) {
  for (const service of await items(page.request, "village")) {
    await page.goto(`/book/${service}?channel=village`);
    const later = page.getByTestId("village-list").locator('[data-state="later"]');
    if ((await later.count()) > 0) return { service, later };
  }
  throw new Error("no village-day item with a village whose next visit is beyond the horizon");
}

test.describe("the booking flow without dead ends", () => {
  test("tapping a day far down the list opens at its times, the first time in view", async ({ page }) => {
    await page.goto("/book/YBJ-001?channel=window");
    const days = page.getByTestId("day-list").locator('[data-state="open"] a');
    expect(await days.count()).toBeGreaterThan(12);
    // No row leads nowhere: every listed day is open, full (the waitlist) or a weekend post.
    await expect(page.getByTestId("day-list").locator('[data-state="closed"]')).toHaveCount(0);
    const day = days.nth(12);
    const date = /date=(\d{4}-\d{2}-\d{2})/.exec((await day.getAttribute("href"))!)![1];
    await day.click();
    await expect(page).toHaveURL(new RegExp(`date=${date}#times$`));
    await expect(page.getByRole("heading", { name: /③ 选择时间/ })).toBeVisible();
    await expectInViewport(page, page.getByTestId("slot").first());
  });

  test("without JavaScript too, a day's link opens at its times", async ({ browser, baseURL }) => {
    const context = await browser.newContext({
      baseURL,
      javaScriptEnabled: false,
      viewport: { width: 390, height: 844 },
      isMobile: true,
    });
    const page = await context.newPage();
    await page.goto("/book/YBJ-001?channel=window");
    await page.getByTestId("day-list").locator('[data-state="open"] a').nth(10).click();
    await expect(page).toHaveURL(/#times$/);
    await expectInViewport(page, page.getByTestId("slot").first());
    await context.close();
  });

  test("the hall's window on a weekend day points to the weekend post open that day", async ({ page, request }) => {
    const service = (await items(request, "weekend")).find(Boolean)!;
    const posts = (await slotsOf(request, service, "weekend", { days: HORIZON_DAYS })).filter((s) => s.remaining > 0);
    expect(posts.length).toBeGreaterThan(0);
    await page.goto(`/book/${service}?channel=window`);
    const pointer = page.getByTestId("day-list").locator(`[data-state="weekend-post"][data-date="${posts[0].date}"]`);
    await expect(pointer).toContainText("在周末服务岗");
    await pointer.getByRole("link").click();
    await expect(page).toHaveURL(new RegExp(`channel=weekend&date=${posts[0].date}#times$`));
    await expectInViewport(page, page.getByTestId("slot").first());
  });

  test("a villager whose village has no visit inside the horizon finds it and is told its next visit", async ({
    page,
  }) => {
    const { service, later } = await villageItemWithLaterVisits(page);
    const row = later.first();
    const code = (await row.getAttribute("data-village"))!;
    const date = (await row.getAttribute("data-next-date"))!;
    expect(date > shanghaiDay(HORIZON_DAYS)).toBe(true);
    expect(new Date(`${date}T00:00:00Z`).getUTCDay()).toBe(2);
    // Nothing of that village can be booked now: the API agrees.
    expect(await slotsOf(page.request, service, "village", { days: HORIZON_DAYS, village: code })).toEqual([]);
    const [, month, day] = date.split("-").map(Number);
    await expect(row).toContainText(`下次下村：${month}月${day}日`);
    await row.getByRole("link").click();
    await expect(page).toHaveURL(new RegExp(`village=${code}#days$`));
    const told = page.getByTestId("village-next-visit");
    await expect(told).toContainText(`${month}月${day}日`);
    await expect(told).toContainText("起可以预约");
    await expectInViewport(page, told);
    // Not a dead end: the hall's window is offered instead.
    await told.getByRole("link", { name: "服务中心窗口" }).click();
    await expect(page.getByTestId("day-list")).toBeVisible();
  });

  test("a village booking's card and SMS name the village's place, not the kiosk; a cancelled card says no check-in", async ({
    page,
    browser,
    baseURL,
    request,
  }) => {
    let found: { service: string; slot: Awaited<ReturnType<typeof slotsOf>>[number] } | undefined;
    for (const service of await items(request, "village")) {
      const slot = (await slotsOf(request, service, "village", { days: HORIZON_DAYS })).find((s) => s.remaining > 0);
      if (slot) {
        found = { service, slot };
        break;
      }
    }
    expect(found, "a village day with a free seat").toBeTruthy();
    const { service, slot } = found!;
    expect(slot.location).toContain("村委会");
    const booking = await book(request, service, slot.id);

    await openOwnBooking(page, booking);
    const advice = page.getByTestId("check-in-advice");
    await expect(advice).toContainText(slot.location);
    await expect(page.locator("main")).not.toContainText("取号机");

    const admin = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
    const adminPage = await admin.newPage();
    await signIn(adminPage, "admin");
    await expect(adminPage).toHaveURL(/\/admin$/);
    await adminPage.goto("/admin/outbox");
    const masked = `${booking.phoneRaw.slice(0, 3)}****${booking.phoneRaw.slice(-4)}`;
    const sms = adminPage.getByTestId("outbox").locator("tr", { hasText: masked }).filter({ hasText: booking.code });
    await expect(sms).toContainText(`地点：${slot.location}`);
    await expect(sms).toContainText("出示预约码");
    await expect(sms).not.toContainText("取号机");
    await admin.close();

    const cancelled = await request.post(`/api/v1/bookings/${booking.code}/cancel`, {
      data: { phone: booking.phoneRaw },
    });
    expect(cancelled.status()).toBe(200);
    await page.reload();
    await expect(page.getByTestId("booking-status")).toHaveText("已取消");
    const card = page.locator("main");
    for (const words of ["签到", "取号机", "出示", "请带齐"]) await expect(card).not.toContainText(words);
    await expect(page.getByTestId("cancelled-note")).toContainText("不用再前往");
  });
});
