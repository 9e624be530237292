import { expect, test as base, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "yichuang-demo";

export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}

export const test = base.extend<{ loginAs: (username: string) => Promise<void> }>({
  loginAs: async ({ page }, use) => {
    await use(async (username: string) => {
      await signIn(page, username);
      await expect(page).not.toHaveURL(/\/login/);
    });
  },
});

export { expect };

/** Fails when the page is wider than the screen: nothing may scroll sideways on a phone. */
export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** The page's own alert, not Next.js's route announcer (which also has role="alert"). */
export function formAlert(page: Page) {
  return page.locator('[role="alert"]:not(#__next-route-announcer__)');
}
