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
