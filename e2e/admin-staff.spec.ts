import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, formAlert, sameOrigin, signIn, signInApi, test } from "./fixtures";
import { desktop } from "./hall-support";

// Items 1 and 5 of the admin console, as an admin uses them: add a clerk to window 2 (with a
// one-time password the clerk must change), move the clerk to a window and call a ticket there,
// unlock an account locked by wrong passwords, end a device's session, and read all of it in the
// audit log in Chinese. Every account, window and queue here is the spec's own (the HallBuilder);
// the admin is one of its own too, so that the demo admin's sessions are left alone.

test.use(desktop);

const tag = () => randomBytes(3).toString("hex");

async function adminPage(
  page: Page,
  builder: { account: (role: "admin") => Promise<{ username: string; password: string }> },
) {
  const admin = await builder.account("admin");
  await signIn(page, admin.username, admin.password);
  await expect(page).toHaveURL(/\/admin$/);
  return admin;
}

test("an admin adds a clerk to window 2; the clerk signs in with the one-time password, must change it, and calls a ticket", async ({
  page,
  browser,
  builder,
  hall,
  playwright,
  baseURL,
}) => {
  test.slow(); // two consoles, a password change, a move and a call
  const admin = await adminPage(page, builder);
  const username = `e2e-new-${tag()}`;
  const name = `新柜员${tag()}`;

  await page.getByRole("link", { name: "人员", exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/staff$/);
  const form = page.getByRole("form", { name: "新增人员" });
  await form.getByLabel("用户名").fill(username);
  await form.getByLabel("姓名").fill(name);
  await form.getByLabel("角色").selectOption({ label: "窗口工作人员" });
  // A clerk without a window is refused in Chinese, and the form keeps what was typed.
  await form.getByRole("button", { name: "新增" }).click();
  await expect(form.getByText("窗口工作人员需要指定窗口")).toBeVisible();
  await expect(form.getByLabel("用户名")).toHaveValue(username);
  await expect(form.getByLabel("姓名")).toHaveValue(name);
  const window2 = await form
    .getByLabel("窗口")
    .locator("option", { hasText: /^2号窗口/ })
    .getAttribute("value");
  await form.getByLabel("窗口").selectOption(window2!);
  await form.getByRole("button", { name: "新增" }).click();
  const oneTimePassword = (await form.getByTestId("one-time-password").textContent())!.trim();
  expect(oneTimePassword).toMatch(/^[A-Za-z2-9]{12}$/);

  // The clerk signs in with it and is sent to change it first.
  const clerkContext = await browser.newContext(desktop);
  const clerk = await clerkContext.newPage();
  await signIn(clerk, username, oneTimePassword);
  await expect(clerk).toHaveURL(/\/account\/password/);
  await clerk.goto("/window");
  await expect(clerk).toHaveURL(/\/account\/password/);
  const newPassword = `Spring-tea-${tag()}`;
  await clerk.getByLabel("当前密码").fill(oneTimePassword);
  await clerk.getByLabel("新密码", { exact: true }).fill("password123");
  await clerk.getByLabel("再次输入新密码").fill("password123");
  await clerk.getByRole("button", { name: "保存新密码" }).click();
  await expect(clerk.getByText("这是常见密码，容易被猜到，请换一个")).toBeVisible();
  await clerk.getByLabel("当前密码").fill(oneTimePassword);
  await clerk.getByLabel("新密码", { exact: true }).fill(newPassword);
  await clerk.getByLabel("再次输入新密码").fill(newPassword);
  await clerk.getByRole("button", { name: "保存新密码" }).click();
  await expect(clerk).toHaveURL(/\/window$/);
  await expect(clerk.getByTestId("my-window")).toContainText("2号窗口");

  // Window 2 calls the demo's queues, which other specs use: the admin moves the clerk to the
  // spec's own window, where the spec's own ticket waits.
  await page.getByRole("link", { name: `管理 ${username}` }).click();
  const edit = page.getByRole("form", { name: "修改账号" });
  await edit.getByLabel("窗口").selectOption(String(hall.window.id));
  await edit.getByRole("button", { name: "保存修改" }).click();
  await expect(edit.getByText("已保存")).toBeVisible();

  const kiosk = await playwright.request.newContext(sameOrigin(baseURL!));
  await signInApi(kiosk, hall.kiosk.username, hall.kiosk.password);
  const issued = await kiosk.post("/api/v1/tickets", { data: { queue: hall.queue.prefix } });
  expect(issued.status(), await issued.text()).toBe(201);
  const { number } = (await issued.json()) as { number: string };
  await kiosk.dispose();

  await clerk.goto("/window");
  await expect(clerk.getByTestId("my-window")).toContainText(`${hall.window.number}号窗口`);
  await clerk.getByRole("button", { name: "叫下一位 (N)" }).click();
  await expect(clerk.getByTestId("desk-number")).toHaveText(number);
  await clerkContext.close();

  // The audit log tells it in Chinese, with the clerk's name as the object.
  await page.goto(`/admin/audit?object=${encodeURIComponent(name)}`);
  const log = page.getByRole("table", { name: /审计记录/ });
  for (const action of ["新增人员", "修改人员信息", "修改密码", "登录"])
    await expect(log.getByRole("row").filter({ hasText: action }).first()).toContainText(name);
  await expect(log.getByRole("row").filter({ hasText: "新增人员" })).toContainText(admin.username);
  await expect(log.getByRole("row").filter({ hasText: "登录" }).first()).toContainText("成功");
  await expect(log).not.toContainText("staff_user");
});

test("an admin unlocks an account locked by wrong passwords, and the log shows each refusal in Chinese", async ({
  page,
  browser,
  builder,
}) => {
  test.slow(); // six sign-ins and the console
  const account = await builder.account("manager");
  const personContext = await browser.newContext(desktop);
  const person = await personContext.newPage();
  for (let i = 1; i <= 4; i++) {
    await signIn(person, account.username, `wrong-${i}`);
    await expect(formAlert(person)).toHaveText("用户名或密码错误，请重新输入。");
  }
  await signIn(person, account.username, "wrong-5");
  await expect(formAlert(person)).toContainText("联系管理员解锁");
  await signIn(person, account.username, account.password);
  await expect(formAlert(person)).toContainText("联系管理员解锁");

  await adminPage(page, builder);
  await page.goto("/admin/staff");
  const row = page.getByRole("row").filter({ hasText: account.username });
  await expect(row).toContainText("已锁定");
  await row.getByRole("button", { name: `解除登录限制 ${account.username}` }).click();
  await expect(row.getByRole("button", { name: `解除登录限制 ${account.username}` })).toHaveCount(0);

  await signIn(person, account.username, account.password);
  await expect(person).toHaveURL(/\/reports$/);
  await personContext.close();

  await page.goto(`/admin/audit?objectType=staff_user&object=${account.id}`);
  const log = page.getByRole("table", { name: /审计记录/ });
  await expect(log.getByRole("row").filter({ hasText: "解除登录锁定" })).toHaveCount(1);
  await expect(log.getByRole("row").filter({ hasText: "密码错误" })).toHaveCount(4);
  await expect(log.getByRole("row").filter({ hasText: "错误次数过多，已锁定" })).toHaveCount(2);
  await expect(log.getByRole("row").filter({ hasText: "成功" }).filter({ hasText: "登录" })).not.toHaveCount(0);

  // The CSV export has the same lines, in Chinese, with a byte-order mark for Excel.
  const csv = await page.request.get(`/api/v1/admin/audit.csv?objectType=staff_user&object=${account.id}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const bytes = await csv.body();
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString("utf8");
  expect(text).toContain("解除登录锁定");
  expect(text).toContain("密码错误");
});

test("a device registered by name and place; ending its session refuses its next request at once", async ({
  page,
  builder,
  hall,
  playwright,
  baseURL,
}) => {
  await adminPage(page, builder);
  await page.goto("/admin/devices");
  const username = `e2e-tv-${tag()}`;
  const password = `Device-pass-${tag()}`;
  const form = page.getByRole("form", { name: "登记设备" });
  await form.getByLabel("用户名").fill(username);
  await form.getByLabel("设备名称").fill("大厅叫号屏");
  await form.getByLabel("设备类型").selectOption({ label: "叫号屏" });
  await form.getByLabel("窗口").selectOption(String(hall.window.id));
  await form.getByLabel("安放位置").fill("大厅东墙");
  await form.getByLabel("设备密码").fill(password);
  await form.getByRole("button", { name: "登记设备" }).click();
  await expect(form.getByText(`已新增账号 ${username}`)).toBeVisible();

  const device = await playwright.request.newContext(sameOrigin(baseURL!));
  await signInApi(device, username, password);
  expect((await device.get("/api/v1/windows")).status()).toBe(200);

  await page.goto("/admin/devices");
  const sessions = page.getByRole("table", { name: "登录中的设备" });
  await expect(sessions.getByRole("row").filter({ hasText: username })).toContainText("叫号屏");
  await expect(
    page.getByRole("table", { name: "设备", exact: true }).getByRole("row").filter({ hasText: username }),
  ).toContainText("大厅东墙");
  await sessions.getByRole("button", { name: `结束会话 ${username}` }).click();
  // The console is rendered afresh: the ended session is no longer listed.
  await expect(sessions.getByRole("row").filter({ hasText: username })).toHaveCount(0);
  expect((await device.get("/api/v1/windows")).status()).toBe(401);
  await device.dispose();
});
