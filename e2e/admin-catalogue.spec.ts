import { randomBytes } from "node:crypto";
import ExcelJS from "exceljs";
import { readFile, writeFile } from "node:fs/promises";
import type { Browser, Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, formAlert, test } from "./fixtures";
import { staffPage } from "./hall-support";

// The admin's catalogue (/admin/items): an item's materials edited on screen and shown on the public
// item page at once; the workbook exported and imported back unchanged; a wrong workbook refused
// with its cells named and nothing changed. The item edited is the catalogue's last one that cannot
// be booked online, which no other spec uses; the edit is undone at the end. Serial: the round trip
// must not see this file's own edit half-way.

test.describe.configure({ mode: "serial" });

const SCREEN = { viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 };

async function adminPage(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL, ...SCREEN, acceptDownloads: true });
  return staffPage(context, { username: "admin", password: DEMO_PASSWORD }, /\/admin/);
}

/** The catalogue's last item that is not bookable online: other specs book and take in bookable ones. */
async function quietItem(page: Page): Promise<{ code: string; name: string }> {
  const response = await page.request.get("/api/v1/services");
  const { items } = (await response.json()) as { items: { code: string; name: string; bookable: boolean }[] };
  const item = items.filter((i) => !i.bookable).at(-1);
  expect(item, "a catalogue item not bookable online").toBeTruthy();
  return item!;
}

test("the admin adds, moves and removes a material, and the public item page shows each change at once", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const page = await adminPage(browser, baseURL);
  const item = await quietItem(page);
  const material = `测试证明${randomBytes(3).toString("hex")}`;

  await page.goto("/admin/items");
  await page.getByLabel("搜索事项").fill(item.code);
  await page.getByRole("button", { name: "搜索" }).click();
  await expect(page.getByTestId("item-total")).toHaveText("1");
  await page.screenshot({ path: test.info().outputPath("items.png"), fullPage: false });
  await page.getByRole("link", { name: item.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: item.name })).toBeVisible();

  const rows = page.getByTestId("material-rows").locator(":scope > li");
  const before = await rows.count();
  await page.getByRole("button", { name: "添加材料" }).click();
  await expect(rows).toHaveCount(before + 1);
  await page.getByLabel(`材料 ${before + 1} 名称`).fill(material);
  await page.getByLabel(`材料 ${before + 1} 份数要求`).fill("原件1份");
  await page.getByLabel(`材料 ${before + 1} 备注`).fill("村委会开具");
  // To the top of the list: the first thing the villager reads.
  for (let i = before; i > 0; i--) await rows.nth(i).getByRole("button", { name: "上移" }).click();
  await expect(page.getByLabel("材料 1 名称")).toHaveValue(material);
  await page.screenshot({ path: test.info().outputPath("item-edit.png"), fullPage: true });
  await page.getByRole("button", { name: "保存修改" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已保存" })).toBeVisible();
  await expect(page.getByLabel("材料 1 名称")).toHaveValue(material);

  const villager = await browser.newPage({ baseURL });
  await villager.goto(`/services/${item.code}`);
  const required = villager.getByTestId("materials").locator("li");
  await expect(required.first()).toContainText(material);
  await expect(required.first()).toContainText("村委会开具");
  await villager.screenshot({ path: test.info().outputPath("public-item.png"), fullPage: true });

  // The audit log says it in Chinese, naming the item.
  const audit = await page.context().newPage();
  await audit.goto("/admin/audit?action=item.update");
  await expect(audit.getByRole("row").filter({ hasText: item.name }).first()).toContainText("修改事项");
  await audit.close();

  // A typing mistake is refused with the field named, and what was typed stays.
  await page.getByLabel("材料 1 份数要求").fill("");
  await page.getByRole("button", { name: "保存修改" }).click();
  await expect(formAlert(page).first()).toContainText("请按提示修改");
  await expect(page.getByText("请填写份数要求")).toBeVisible();
  await expect(page.getByLabel("材料 1 名称")).toHaveValue(material);

  // Undone: removed, saved, gone from the public page.
  await page.getByRole("button", { name: "删除材料 1" }).click();
  await expect(rows).toHaveCount(before);
  await page.getByRole("button", { name: "保存修改" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已保存" })).toBeVisible();
  await villager.reload();
  await expect(villager.getByTestId("materials")).not.toContainText(material);
  await villager.context().close();
  await page.context().close();
});

test("the admin exports the catalogue workbook and imports it back: nothing changes", async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const page = await adminPage(browser, baseURL);
  await page.goto("/admin/items");
  const total = Number(await page.getByTestId("item-total").textContent());
  expect(total).toBeGreaterThanOrEqual(95);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "导出 Excel" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/事项目录 \d{4}-\d{2}-\d{2}\.xlsx$/);
  const file = test.info().outputPath("catalogue.xlsx");
  await download.saveAs(file);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
  expect(workbook.getWorksheet("事项")!.actualRowCount - 1).toBe(total);
  expect(workbook.getWorksheet("材料")!.actualRowCount).toBeGreaterThan(total);

  await page.getByText("导入区里下发的事项目录").click();
  await page.getByLabel("Excel 文件（.xlsx）").setInputFiles(file);
  await page.getByRole("button", { name: "导入", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "导入完成" })).toContainText(
    `新增 0 项，修改 0 项，${total} 项无变化`,
  );

  // The API takes the same file: the same answer.
  const response = await page.request.post("/api/v1/admin/catalogue.xlsx", {
    headers: {
      "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      origin: baseURL!,
    },
    data: await readFile(file),
  });
  expect(response.status(), await response.text()).toBe(200);
  expect(await response.json()).toEqual({ created: [], updated: [], unchanged: total });
  await page.context().close();
});

test("a workbook with a wrong row is refused whole: each wrong cell named in Chinese, the catalogue unchanged", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const page = await adminPage(browser, baseURL);
  const exported = await page.request.get("/api/v1/admin/catalogue.xlsx");
  expect(exported.status()).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await exported.body()) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet("事项")!;
  const header = sheet.getRow(1).values as unknown[];
  const column = (text: string) => header.findIndex((v) => v === text);
  const code = String(sheet.getRow(2).getCell(column("事项编码")).value);
  const summaryBefore = String(sheet.getRow(2).getCell(column("事项简介")).value);
  // Row 2 changed but valid (must not be written); row 3 wrong.
  sheet.getRow(2).getCell(column("事项简介")).value = "不应被写入的简介";
  sheet.getRow(3).getCell(column("办件类型")).value = "马上办";
  const file = test.info().outputPath("wrong.xlsx");
  await writeFile(file, Buffer.from(await workbook.xlsx.writeBuffer()));

  await page.goto("/admin/items");
  await page.getByText("导入区里下发的事项目录").click();
  await page.getByLabel("Excel 文件（.xlsx）").setInputFiles(file);
  await page.getByRole("button", { name: "导入", exact: true }).click();
  await expect(formAlert(page).first()).toContainText("目录没有做任何修改");
  const errors = page.getByTestId("import-errors").locator("tbody tr");
  await expect(errors).toHaveCount(1);
  await expect(errors.first()).toContainText("事项");
  await expect(errors.first()).toContainText("3");
  await expect(errors.first()).toContainText("办件类型");
  await expect(errors.first()).toContainText("办件类型应为即办件或承诺件");
  await page.screenshot({ path: test.info().outputPath("import-errors.png"), fullPage: true });

  const item = (await (await page.request.get(`/api/v1/services/${code}`)).json()) as { summary: string };
  expect(item.summary).toBe(summaryBefore);
  await page.context().close();
});
