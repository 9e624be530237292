import { expect, formAlert, signIn, test } from "./fixtures";

const HOMES = [
  { username: "admin", path: "/admin", check: "item-count", text: "95" },
  { username: "manager", path: "/reports", check: "year-total", text: /\d,\d{3}/ },
  { username: "clerk1", path: "/window", check: "my-window", text: "1号窗口" },
  { username: "backoffice1", path: "/backoffice", check: "department-name", text: "人力资源和社会保障局" },
  { username: "kiosk", path: "/kiosk", check: "kiosk-queues", text: "综合受理" },
  { username: "display", path: "/display", check: "display-latest", text: /./ },
] as const;

test.describe("staff sign-in", () => {
  test.use({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

  for (const home of HOMES) {
    test(`${home.username} lands on the role's home ${home.path}`, async ({ page, loginAs }) => {
      await loginAs(home.username);
      await expect(page).toHaveURL(new RegExp(`${home.path}$`));
      await expect(page.getByTestId(home.check)).toContainText(home.text);
    });
  }

  // Wrong passwords go to accounts of the test's own: a demo account another spec signs in with
  // must never count failures (or be locked) because of this file.
  test("a wrong password gets a clear message and no session", async ({ page, builder }) => {
    const account = await builder.account("manager");
    await signIn(page, account.username, "not-the-password");
    await expect(formAlert(page)).toHaveText("用户名或密码错误，请重新输入。");
    await page.goto("/reports");
    await expect(page).toHaveURL(/\/login\?next=%2Freports/);
  });

  test("empty fields are named before anything is sent", async ({ page }) => {
    await page.goto("/login");
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page.getByText("请输入用户名")).toBeVisible();
    await expect(page.getByText("请输入密码")).toBeVisible();
  });

  test("five wrong passwords lock the account for 15 minutes, even against the right one", async ({
    page,
    builder,
  }) => {
    const account = await builder.account("manager");
    for (let i = 1; i <= 4; i++) {
      await signIn(page, account.username, `wrong-${i}`);
      await expect(formAlert(page)).toHaveText("用户名或密码错误，请重新输入。");
    }
    await signIn(page, account.username, "wrong-5");
    await expect(formAlert(page)).toContainText("账户已锁定 15 分钟");
    await signIn(page, account.username, account.password);
    await expect(formAlert(page)).toContainText("账户已锁定 15 分钟");
    await expect(page).toHaveURL(/\/login/);
  });

  test("after sign-in the page asked for opens, if it is the role's own", async ({ page }) => {
    await page.goto("/reports?year=2025");
    await expect(page).toHaveURL(/\/login\?next=/);
    await page.getByLabel("用户名").fill("manager");
    await page.getByLabel("密码").fill("yichuang-demo");
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page).toHaveURL(/\/reports\?year=2025$/);
  });

  test("signing out ends the session", async ({ page, loginAs }) => {
    await loginAs("admin");
    await page.getByRole("button", { name: "退出登录" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/login\?next=%2Fadmin/);
  });
});

// Which role may open which page and call which endpoint: authorization.spec.ts, from the route tree.
