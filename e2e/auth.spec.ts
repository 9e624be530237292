import { expect, formAlert, signIn, test } from "./fixtures";

const HOMES = [
  { username: "admin", path: "/admin", check: "item-count", text: "95" },
  { username: "manager", path: "/reports", check: "year-total", text: /\d,\d{3}/ },
  { username: "district", path: "/district", check: "district-total", text: /\d{2},\d{3}/ },
  { username: "manager2", path: "/reports", check: "year-total", text: /\d,\d{3}/ },
  { username: "clerk21", path: "/window", check: "my-window", text: "1号窗口" },
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

  test("five wrong passwords make the name wait, even against the right one, until an admin ends the wait", async ({
    page,
    browser,
    builder,
  }) => {
    test.slow(); // fifteen sign-ins and the admin console
    const account = await builder.account("manager");
    for (let i = 1; i <= 4; i++) {
      await signIn(page, account.username, `wrong-${i}`);
      await expect(formAlert(page)).toHaveText("用户名或密码错误，请重新输入。");
    }
    await signIn(page, account.username, "wrong-5");
    await expect(formAlert(page)).toContainText("密码错误次数过多，请 1 分钟后再试");
    // The page says what is left of the wait.
    const waiting = /密码错误次数过多，请 (1 分钟|\d+ 秒)后再试/;
    await signIn(page, account.username, account.password);
    await expect(formAlert(page)).toContainText(waiting);
    await expect(page).toHaveURL(/\/login/);
    // An unknown name gets the very same answers.
    const nobody = `nobody-${account.username}`;
    for (let i = 1; i <= 4; i++) {
      await signIn(page, nobody, `wrong-${i}`);
      await expect(formAlert(page)).toHaveText("用户名或密码错误，请重新输入。");
    }
    await signIn(page, nobody, "wrong-5");
    await expect(formAlert(page)).toContainText(waiting);

    // An admin of the spec's own ends the wait from the console; the right password then signs in.
    const admin = await builder.account("admin");
    const adminContext = await browser.newContext();
    const adminPage = await adminContext.newPage();
    await signIn(adminPage, admin.username, admin.password);
    await expect(adminPage).toHaveURL(/\/admin$/);
    const unlock = adminPage.getByRole("button", { name: `解除登录限制 ${account.username}` });
    await unlock.click();
    // The console is rendered afresh: the account is no longer waiting, so its button is gone.
    await expect(unlock).toHaveCount(0);
    await adminContext.close();
    await signIn(page, account.username, account.password);
    await expect(page).toHaveURL(/\/reports$/);
  });

  test("after sign-in the page asked for opens, if it is the role's own", async ({ page }) => {
    await page.goto("/reports?year=2025");
    await expect(page).toHaveURL(/\/login\?next=/);
    await page.getByLabel("用户名").fill("manager");
    await page.getByLabel("密码").fill("yichuang-demo");
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page).toHaveURL(/\/reports\?year=2025$/);
  });

  // An admin account of the test's own: signing out ends every session of the account, and the
  // demo admin is signed in by every other spec's builder.
  test("signing out ends every session of the account: a copy of the old cookie is refused", async ({
    page,
    builder,
  }) => {
    test.slow(); // two sign-in pages, the console twice
    const admin = await builder.account("admin");
    await signIn(page, admin.username, admin.password);
    await expect(page).toHaveURL(/\/admin$/);
    const before = await page.context().cookies();
    await page.getByRole("button", { name: "退出登录" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/login\?next=%2Fadmin/);
    // The cookie as it was before signing out (copied, or kept by another device) no longer works.
    await page.context().addCookies(before);
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/login\?next=%2Fadmin/);
  });
});

// Which role may open which page and call which endpoint: authorization.spec.ts, from the route tree.
