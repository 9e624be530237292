import type { Browser, Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, formAlert, requestPhoneCode, test } from "./fixtures";
import { desktop, staffPage } from "./hall-support";

// The case (办件) from intake at the window to pickup, with the one-time 补正 notice, the back
// office, tracking on the phone and 好差评 on the pad and the phone link. Other specs run beside
// this one on the same server: this spec works at window 3 (clerk3, pad3), calls only its own
// ticket (by number, out of order, with a reason), and makes applicants of its own.

test.describe.configure({ mode: "serial", timeout: 180_000 });
test.use(desktop);

const phoneDevice = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const PROMISED = { code: "RSJ-002", name: "城乡居民基本养老保险待遇申领" };
const INSTANT = { code: "RSJ-001", name: "城乡居民基本养老保险参保登记" };
const MISSING = "本人社会保障卡（金融账户已激活）或本人银行卡";

const unique = () => `${Date.now() % 1_000_000}${Math.floor(Math.random() * 100)}`.padStart(8, "0").slice(-8);
const uniquePhone = () => `139${unique()}`;
/** A Chinese name no other test uses (names allow only Han characters and letters). */
const uniqueName = (family: string) =>
  family + [...unique().slice(-4)].map((d) => "零一二三四五六七八九"[Number(d)]).join("");

/** A GB 11643 ID number with a valid check character, different on every call. */
function uniqueIdNumber(): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const first17 = `330185${1940 + Math.floor(Math.random() * 40)}0${1 + Math.floor(Math.random() * 9)}1${Math.floor(Math.random() * 10)}${String(Math.floor(Math.random() * 1000)).padStart(3, "0")}`;
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return first17 + "10X98765432"[sum % 11];
}

const thisYear = () =>
  new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date());

async function yearTotal(manager: Page): Promise<number> {
  await manager.goto(`/reports?year=${thisYear()}`);
  const text = (await manager.getByTestId("year-total").textContent()) ?? "";
  return Number(text.replace(/[^\d]/g, ""));
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

async function newStaff(browser: Browser, baseURL: string | undefined, username: string, home: RegExp) {
  return staffPage(await browser.newContext({ baseURL, ...desktop }), { username, password: DEMO_PASSWORD }, home);
}

test.describe("cases", () => {
  test("a walk-in's promised case with one material missing goes round the whole loop, an instant case is finished on the spot, a weekend booking's case is channel weekend, and the year's total grows by exactly the cases made", async ({
    browser,
    baseURL,
  }) => {
    const manager = await newStaff(browser, baseURL, "manager", /\/reports/);
    const before = await yearTotal(manager);

    const clerk = await newStaff(browser, baseURL, "clerk3", /\/window$/);
    const pad = await newStaff(browser, baseURL, "pad3", /\/rate$/);
    await expect(pad.getByTestId("pad-window")).toContainText("3");

    // Whatever an earlier run left at window 3 is finished first.
    const desk = await (await clerk.request.get("/api/v1/desk")).json();
    if (desk.current)
      await clerk.request.post(`/api/v1/tickets/${desk.current.id}/finish`, {
        data: {},
        headers: { origin: baseURL! },
      });

    // A walk-in takes a ticket (queue C is window 3's own queue) and the clerk calls exactly it.
    const ticketResponse = await clerk.request.post("/api/v1/tickets", {
      data: { queue: "C" },
      headers: { origin: baseURL! },
    });
    expect(ticketResponse.status()).toBe(201);
    const ticket = (await ticketResponse.json()) as { id: number; number: string };
    await clerk.reload();
    const row = clerk.getByTestId("desk-waiting").locator("li", { hasText: ticket.number });
    await row.getByRole("button", { name: "跳号呼叫" }).click();
    await clerk.getByLabel(/跳号呼叫 .* 的原因/).fill("办件流程测试");
    await clerk.getByRole("button", { name: "呼叫", exact: true }).click();
    await expect(clerk.getByTestId("desk-number")).toHaveText(ticket.number);
    await clerk.getByRole("button", { name: "开始办理 (S)" }).click();
    await expect(clerk.getByTestId("desk-status")).toContainText("正在办理");

    const intake = clerk.getByRole("region", { name: /受理办件/ });
    // The draft of the ticket is loaded (its number in the heading) before anything is typed.
    await expect(intake.getByRole("heading", { name: `受理办件 · ${ticket.number}` })).toBeVisible();
    const name = uniqueName("测");
    const phone = uniquePhone();
    const idNumber = uniqueIdNumber();

    // Bad input is refused on the screen, in Chinese, before anything is sent.
    await intake.getByRole("button", { name: "受理", exact: true }).click();
    await expect(intake.getByText("请选择办理的事项")).toBeVisible();
    await intake.getByLabel("手机号码").fill("12345");
    await intake
      .getByLabel("身份证号码", { exact: true })
      .fill(idNumber.slice(0, 17) + (idNumber[17] === "1" ? "2" : "1"));
    await intake.getByRole("button", { name: "受理", exact: true }).click();
    await expect(intake.getByText("手机号码应为 11 位，以 13–19 开头")).toBeVisible();
    await expect(intake.getByText(/身份证号码不正确/)).toBeVisible();

    // The promised item, one required material missing: accepted with the one-time notice.
    await intake.getByLabel("查找事项").fill("待遇申领");
    await intake.getByLabel("办理事项").selectOption(PROMISED.code);
    await expect(intake.getByTestId("intake-materials")).toContainText(MISSING);
    await intake.getByLabel("姓名").fill(name);
    await intake.getByLabel("手机号码").fill(phone);
    await intake.getByLabel("身份证号码", { exact: true }).fill(idNumber);
    await intake.getByRole("checkbox", { name: new RegExp(MISSING.slice(0, 6)) }).uncheck();
    await intake.getByRole("button", { name: "受理", exact: true }).click();
    const promisedRow = intake.getByTestId("visit-cases").locator("li").first();
    await expect(promisedRow.getByTestId("case-status")).toHaveAttribute("data-status", "needs_supplement");
    const caseNo = (await promisedRow.getByTestId("case-no").textContent())!.trim();
    expect(caseNo).toMatch(new RegExp(`^QC${thisYear()}\\d{6}$`));

    // A second case of the same visit: the instant item, finished on the spot.
    await intake.getByLabel("查找事项").fill("参保登记");
    await intake.getByLabel("办理事项").selectOption(INSTANT.code);
    await expect(intake.getByRole("checkbox", { name: /城乡居民基本养老保险参保登记表/ })).toBeChecked();
    await intake.getByRole("button", { name: "受理", exact: true }).click();
    const instantRow = intake.getByTestId("visit-cases").locator("li").nth(1);
    await expect(instantRow.getByTestId("case-status")).toHaveAttribute("data-status", "accepted");
    const instantNo = (await instantRow.getByTestId("case-no").textContent())!.trim();
    expect(instantNo).not.toBe(caseNo);
    const [receipt] = await Promise.all([
      clerk.waitForEvent("popup"),
      instantRow.getByRole("link", { name: /受理回执（A4）/ }).click(),
    ]);
    await expect(receipt.getByTestId("print-case-no")).toHaveText(instantNo);
    await expect(receipt.getByTestId("print-due")).toContainText("即办件");
    const rateUrl = new URL((await receipt.getByTestId("rate-qr").getAttribute("data-url"))!);
    expect(rateUrl.pathname).toBe(`/rate/case/${instantNo}`);
    const rateToken = rateUrl.searchParams.get("t");
    expect(rateToken).toBeTruthy();
    await shot(receipt, "print-receipt-a4");
    await receipt.close();
    await instantRow.getByRole("button", { name: "当场办结" }).click();
    await expect(instantRow.getByTestId("case-status")).toHaveAttribute("data-status", "delivered");
    await shot(clerk, "window-intake");

    // The one-time notice, printed: exactly the missing material.
    const [notice] = await Promise.all([
      clerk.waitForEvent("popup"),
      promisedRow.getByRole("link", { name: "打印补正告知书" }).click(),
    ]);
    await expect(notice.getByTestId("print-case-no")).toHaveText(caseNo);
    await expect(notice.getByTestId("print-missing")).toContainText(MISSING);
    await expect(notice.getByTestId("print-missing").locator("li")).toHaveCount(1);
    await shot(notice, "print-supplement");
    await notice.goto(`/window/print/${caseNo}/receipt?paper=80`);
    await expect(notice.getByTestId("print-case-no")).toHaveText(caseNo);
    await expect(notice.getByTestId("print-doc").locator("svg").first()).toBeVisible();
    await shot(notice, "print-receipt-80");
    await notice.close();

    // The visit ends: the pad at window 3 asks for its rating; 不满意 needs a reason.
    await clerk.getByRole("button", { name: "办结 (F)" }).click();
    await expect(clerk.getByTestId("desk-current")).toContainText("空闲");
    await expect(pad.getByTestId("pad-question")).toContainText(ticket.number, { timeout: 15_000 });
    await shot(pad, "pad-question");
    await pad.getByRole("button", { name: "不满意", exact: true }).click();
    await expect(pad.getByRole("button", { name: "提交评价" })).toBeDisabled();
    await pad.getByRole("button", { name: "效率" }).click();
    await pad.getByRole("button", { name: "提交评价" }).click();
    await expect(pad.getByTestId("pad-thanks")).toBeVisible();

    // The villager follows the case on the phone: waiting for the one missing material.
    const villager = await (await browser.newContext({ baseURL, ...phoneDevice })).newPage();
    await villager.goto(`/track?case=${caseNo}`);
    await villager.getByLabel("手机号码").fill("13900000000");
    await villager.getByRole("button", { name: "查询进度" }).click();
    await expect(villager.getByRole("alert").filter({ hasText: "没有找到这个办件" })).toBeVisible();
    await villager.getByLabel("手机号码").fill(phone);
    await villager.getByRole("button", { name: "查询进度" }).click();
    await expect(villager.getByTestId("track-status")).toHaveText("待补正");
    await expect(villager.getByTestId("track-missing")).toContainText(MISSING);
    await shot(villager, "track-phone");

    // The villager brings it: the window takes the material in, the case goes back to the department.
    const pickup = clerk.getByRole("region", { name: /统一出件/ });
    await pickup.getByLabel("办件编号或身份证号码").fill(caseNo);
    await pickup.getByRole("button", { name: "查找" }).click();
    await pickup.getByRole("button", { name: "补正材料已收齐" }).click();
    await expect(pickup.getByTestId("case-status")).toHaveAttribute("data-status", "accepted");

    // The back office finds it, takes it, approves it and marks it ready.
    const office = await newStaff(browser, baseURL, "backoffice1", /\/backoffice$/);
    await office.getByLabel("搜索办件编号或申请人").fill(caseNo);
    await office.getByRole("button", { name: "搜索" }).click();
    await shot(office, "backoffice-inbox");
    await office.getByRole("link", { name: caseNo }).click();
    await expect(office.getByTestId("case-no")).toHaveText(caseNo);
    await office.getByRole("button", { name: "接件办理" }).click();
    await expect(office.getByTestId("case-status")).toHaveAttribute("data-status", "processing");
    await office.getByRole("button", { name: "准予" }).click();
    await expect(formAlert(office)).toContainText("请先填写审批意见");
    await office.getByLabel("审批意见（必填）").fill("材料齐全，符合条件，准予按月领取。");
    await office.getByRole("button", { name: "准予" }).click();
    await expect(office.getByTestId("case-status")).toHaveAttribute("data-status", "approved");
    await office.getByRole("button", { name: /办结待取/ }).click();
    await expect(office.getByTestId("case-status")).toHaveAttribute("data-status", "ready");
    await shot(office, "backoffice-case");

    // The SMS is in the outbox.
    const admin = await newStaff(browser, baseURL, "admin", /\/admin/);
    await admin.goto("/admin/outbox");
    await expect(admin.getByTestId("outbox")).toContainText(caseNo);

    // At the window: a wrong ID number is refused, the right one hands the result over.
    await pickup.getByLabel("办件编号或身份证号码").fill(caseNo);
    await pickup.getByRole("button", { name: "查找" }).click();
    await expect(pickup.getByTestId("case-status")).toHaveAttribute("data-status", "ready");
    await pickup.getByLabel("核验领取人身份证号码").fill(uniqueIdNumber());
    await pickup.getByRole("button", { name: "核验并交付" }).click();
    await expect(pickup.getByRole("alert").first()).toBeVisible();
    await expect(pickup.getByTestId("case-status")).toHaveAttribute("data-status", "ready");
    await pickup.getByLabel("核验领取人身份证号码").fill(idNumber);
    await pickup.getByRole("button", { name: "核验并交付" }).click();
    await expect(pickup.getByTestId("case-status")).toHaveAttribute("data-status", "delivered");

    await villager.getByRole("button", { name: "查询进度" }).click();
    await expect(villager.getByTestId("track-status")).toHaveText("已领取");

    // The manager calls the villager back and closes the follow-up of the 不满意 rating.
    await manager.goto("/reports/follow-ups?state=open");
    // Ticket numbers start again every day: the pad's rating is the one of this number without a case.
    const followUp = manager.getByTestId("follow-ups").locator(`li[data-ticket="${ticket.number}"][data-case=""]`);
    await expect(followUp).toContainText("效率");
    await followUp.getByRole("button", { name: /回访完成/ }).click();
    await expect(followUp.getByText("请填写回访情况")).toBeVisible();
    await followUp.getByLabel("回访情况").fill("已电话回访，群众反映等候时间长。");
    await followUp.getByLabel("整改措施").fill("高峰时段增开 4 号窗口。");
    await followUp.getByRole("button", { name: /回访完成/ }).click();
    // Closed, it leaves the open list for the closed one.
    await expect(followUp).toHaveCount(0);
    await manager.goto("/reports/follow-ups?state=closed");
    await expect(
      manager
        .getByTestId("follow-ups")
        .locator(`li[data-ticket="${ticket.number}"][data-case=""]`, { hasText: "高峰时段增开 4 号窗口" }),
    ).toHaveCount(1);
    await shot(manager, "follow-ups");

    // The instant case rated 5 from the receipt's link on the phone, no sign-in; once only.
    await villager.goto(`/rate/case/${instantNo}?t=${rateToken}`);
    await villager.getByLabel("非常满意").check();
    await shot(villager, "rate-phone");
    await villager.getByRole("button", { name: "提交评价" }).click();
    await expect(villager.getByTestId("rate-done")).toBeVisible();
    // The same link again: rated already; a link with a wrong secret is refused.
    await villager.goto(`/rate/case/${instantNo}?t=${rateToken}`);
    await expect(villager.getByTestId("rate-done")).toContainText("已经评价过");
    await villager.goto(`/rate/case/${instantNo}?t=${rateToken!.slice(1)}x`);
    await expect(formAlert(villager)).toContainText("评价链接无效");

    // A booking for a weekend post, taken in by its code: the case carries channel weekend.
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
    const until = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    const availability = await (
      await clerk.request.get(`/api/v1/availability?service=${PROMISED.code}&from=${today}&to=${until}&channel=weekend`)
    ).json();
    const slot = (availability.slots as { id: number; remaining: number }[]).find((s) => s.remaining > 0);
    expect(slot, "a weekend slot in the coming weeks").toBeTruthy();
    const weekendPhone = uniquePhone();
    const weekendId = uniqueIdNumber();
    const booking = await villager.request.post("/api/v1/bookings", {
      data: {
        service: PROMISED.code,
        slotId: slot!.id,
        name: uniqueName("周"),
        phone: weekendPhone,
        idNumber: weekendId,
        phoneCode: await requestPhoneCode(villager.request, weekendPhone),
      },
    });
    expect(booking.status()).toBe(201);
    const { code } = await booking.json();
    const service = await (await clerk.request.get(`/api/v1/services/${PROMISED.code}`)).json();
    const weekendCase = await clerk.request.post("/api/v1/cases", {
      headers: { origin: baseURL! },
      data: {
        bookingCode: code,
        service: PROMISED.code,
        name: uniqueName("周"),
        phone: weekendPhone,
        idNumber: weekendId,
        materials: { received: service.materials.map((m: { name: string }) => m.name), missing: [] },
      },
    });
    expect(weekendCase.status()).toBe(201);
    const weekend = await weekendCase.json();
    expect(weekend.channel).toBe("weekend");
    expect(weekend.status).toBe("accepted");

    // Three cases made: the year's total grows by exactly three, at once.
    expect(await yearTotal(manager)).toBe(before + 3);
  });

  test("two back-office screens act on the same case: the second gets a plain Chinese 409 message", async ({
    browser,
    baseURL,
  }) => {
    const clerk = await newStaff(browser, baseURL, "clerk3", /\/window$/);
    const service = await (await clerk.request.get(`/api/v1/services/${PROMISED.code}`)).json();
    const made = await clerk.request.post("/api/v1/cases", {
      headers: { origin: baseURL! },
      data: {
        service: PROMISED.code,
        name: uniqueName("并"),
        phone: uniquePhone(),
        idNumber: uniqueIdNumber(),
        materials: { received: service.materials.map((m: { name: string }) => m.name), missing: [] },
      },
    });
    expect(made.status()).toBe(201);
    const { caseNo } = await made.json();

    const first = await newStaff(browser, baseURL, "backoffice1", /\/backoffice$/);
    const second = await newStaff(browser, baseURL, "backoffice1", /\/backoffice$/);
    await first.goto(`/backoffice/cases/${caseNo}`);
    await second.goto(`/backoffice/cases/${caseNo}`);
    await first.getByRole("button", { name: "接件办理" }).click();
    await expect(first.getByTestId("case-status")).toHaveAttribute("data-status", "processing");
    // The second screen still shows 接件办理: pressing it is refused with a plain message.
    await second.getByRole("button", { name: "接件办理" }).click();
    await expect(formAlert(second)).toContainText("刚被他人处理过");
    await expect(second.getByTestId("case-status")).toHaveAttribute("data-status", "processing");
  });
});
