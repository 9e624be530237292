// Takes the README's screenshots from a running server: node scripts/screenshots.mjs [baseURL]
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://127.0.0.1:3000";
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });

const phone = await browser.newContext({
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  locale: "zh-CN",
});
const page = await phone.newPage();
for (const [name, path] of [
  ["home", "/"],
  ["services", "/services?q=ylbx"],
  ["service", "/services/YBJ-001"],
]) {
  await page.goto(base + path);
  await page.screenshot({ path: `docs/screenshots/phone-${name}.png`, fullPage: name !== "home" ? false : false });
}

const desktop = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "zh-CN" });
const staff = await desktop.newPage();
await staff.goto(`${base}/login`);
await staff.getByLabel("用户名").fill("manager");
await staff.getByLabel("密码").fill("yichuang-demo");
await staff.getByRole("button", { name: "登录" }).click();
await staff.waitForURL(/\/reports/);
await staff.screenshot({ path: "docs/screenshots/reports.png" });
await browser.close();
console.log("screenshots written to docs/screenshots/");
