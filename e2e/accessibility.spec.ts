import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./fixtures";
import { crawlPublicPages, setElderMode, unvisitedRoutes } from "./public-pages";

// axe-core on every public page, in the normal and in elder mode (长辈模式): no violation of
// WCAG 2.0/2.1 A and AA (contrast ≥ 4.5:1 among them). The pages are crawled (public-pages.ts),
// so a page added later is checked without touching this spec.

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

for (const mode of ["normal", "elder"] as const) {
  test(`axe finds no WCAG A/AA violation on any public page (${mode} mode)`, async ({ context, baseURL }) => {
    test.setTimeout(360_000);
    await setElderMode(context, baseURL!, mode === "elder");
    const problems: string[] = [];
    const visited = await crawlPublicPages(context, baseURL!, async (page, { url }) => {
      await expect(page.locator("[data-elder]")).toHaveAttribute("data-elder", mode === "elder" ? "on" : "off");
      const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
      for (const v of violations)
        problems.push(
          `${url} ${v.id} (${v.impact}): ${v.help} — ${v.nodes
            .slice(0, 3)
            .map((n) => `${n.target.join(" ")} ${n.failureSummary?.split("\n").slice(1, 2).join("") ?? ""}`)
            .join(" | ")}`,
        );
    });
    expect(unvisitedRoutes(visited), "public routes no crawl reached").toEqual([]);
    expect(problems, problems.join("\n")).toEqual([]);
  });
}

test("the staff sign-in page linked from every public page has no WCAG A/AA violation", async ({ page }) => {
  await page.goto("/login");
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
});

test("aria-describedby names only elements that exist, before and after an error", async ({ page }) => {
  const dangling = () =>
    page.locator("[aria-describedby]").evaluateAll((els) =>
      els.flatMap((el) =>
        el
          .getAttribute("aria-describedby")!
          .split(/\s+/)
          .filter((id) => id && !document.getElementById(id))
          .map((id) => `${el.id || el.getAttribute("name")} → #${id}`),
      ),
    );
  for (const [url, button] of [
    ["/lookup", "查询预约"],
    ["/track", "查询进度"],
    ["/login", "登录"],
  ] as const) {
    await page.goto(url);
    expect(await dangling(), `${url} before sending`).toEqual([]);
    await page.getByRole("button", { name: button, exact: true }).first().click();
    await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
    expect(await dangling(), `${url} after an empty form`).toEqual([]);
  }
});

test.describe("the details around the pages", () => {
  test("a favicon, an apple-touch-icon and a manifest whose icons all answer", async ({ page, request }) => {
    const favicon = await request.get("/favicon.ico");
    expect(favicon.status()).toBe(200);
    expect(favicon.headers()["content-type"]).toMatch(/image\//);
    await page.goto("/");
    const hrefs = await page
      .locator('link[rel="icon"], link[rel="apple-touch-icon"], link[rel="manifest"]')
      .evaluateAll((links) => links.map((l) => [l.getAttribute("rel"), (l as HTMLLinkElement).href]));
    expect(hrefs.map(([rel]) => rel)).toEqual(expect.arrayContaining(["icon", "apple-touch-icon", "manifest"]));
    for (const [, href] of hrefs) expect((await request.get(href!)).status(), href!).toBe(200);
    const manifest = await (await request.get(hrefs.find(([rel]) => rel === "manifest")![1]!)).json();
    expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(
      expect.arrayContaining(["192x192", "512x512"]),
    );
    for (const icon of manifest.icons) {
      const answer = await request.get(icon.src);
      expect(answer.status(), icon.src).toBe(200);
      expect(answer.headers()["content-type"], icon.src).toContain(icon.type);
    }
  });

  test("the home page prints the hall's address once", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByText(/^地址：/)).toHaveCount(1);
  });

  test("in elder mode the header keeps the 一窗 badge on one line beside the hall's name", async ({
    page,
    context,
    baseURL,
  }) => {
    await setElderMode(context, baseURL!, true);
    await page.goto("/");
    const badge = page.locator("header a[href='/'] > span").first();
    await expect(badge).toHaveText("一窗");
    const { height, lineHeight } = await badge.evaluate((el) => ({
      height: el.getBoundingClientRect().height,
      lineHeight: parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.7,
    }));
    // One line of text plus its padding, not two.
    expect(height).toBeLessThan(lineHeight * 1.6);
  });

  test("the booking form says what the phone and ID numbers are for, next to the fields", async ({ page }) => {
    await page.goto("/book/RSJ-001?channel=window");
    await page.getByTestId("day-list").locator('[data-state="open"] a').first().click();
    await page.getByTestId("slot").first().click();
    const notice = page.getByTestId("privacy-notice");
    await expect(notice).toContainText("手机号码");
    await expect(notice).toContainText("身份证号码");
    await expect(notice).toContainText("加密保存");
    // Beside the fields: it ends less than a screen above the phone field.
    const noticeBox = (await notice.boundingBox())!;
    const phoneBox = (await page.getByLabel("手机号码").boundingBox())!;
    expect(phoneBox.y - (noticeBox.y + noticeBox.height)).toBeLessThan(400);
  });
});
