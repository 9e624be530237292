import { expect, test } from "./fixtures";
import { clearWindow, desktop, recordSpeech, spoken, staffPage, takeTicket } from "./hall-support";

// The hall's live queue with three screens at once: the kiosk, the clerk's desk and the TV.
// Serial: every spec calls "next" on the same queues.
test.describe.configure({ mode: "serial", timeout: 120_000 });
test.use(desktop);

test.describe("the hall", () => {
  test("a kiosk ticket is called by a clerk, the TV shows and says it, recall repeats it, and it drops after the recall limit", async ({
    browser,
    baseURL,
  }) => {
    const kioskContext = await browser.newContext({ baseURL, ...desktop });
    const displayContext = await browser.newContext({ baseURL, ...desktop });
    const clerkContext = await browser.newContext({ baseURL, ...desktop });
    await recordSpeech(displayContext);
    const display = await staffPage(displayContext, "display", /\/display$/);
    await expect(display.getByTestId("display-connection")).toHaveText("● 实时");
    const kiosk = await staffPage(kioskContext, "kiosk", /\/kiosk$/);
    const clerk = await staffPage(clerkContext, "clerk2", /\/window$/);

    await clearWindow(clerk, 2);

    await kiosk
      .getByTestId("kiosk-queues")
      .getByRole("button", { name: /社保医保/ })
      .click();
    const number = (await kiosk.getByTestId("kiosk-number").textContent())!.trim();
    expect(number).toMatch(/^B\d{3}$/);
    await expect(kiosk.getByTestId("kiosk-ticket")).toContainText("预计等候");

    await clerk.keyboard.press("n");
    await expect(clerk.getByTestId("desk-number")).toHaveText(number);
    const sentence = `请 ${number} 号到 2 号窗口办理`;
    // Other specs may call at other windows meanwhile: window 2's row, not only the latest call.
    await expect(display.getByTestId("display-calls").locator("li", { hasText: "2 号窗口" })).toContainText(number);
    await expect.poll(async () => (await spoken(display)).filter((s) => s.includes(sentence)).length).toBe(1);

    await clerk.getByRole("button", { name: "重呼 (R)" }).click();
    await expect(clerk.getByTestId("desk-status")).toContainText("已重呼 1 次");
    await expect.poll(async () => (await spoken(display)).filter((s) => s.includes(sentence)).length).toBe(2);
    await clerk.getByRole("button", { name: "重呼 (R)" }).click();
    await expect(clerk.getByTestId("desk-status")).toContainText("已重呼 2 次");
    // Past the limit (two recalls) the ticket is dropped as a no-show.
    await clerk.getByRole("button", { name: "重呼 (R)" }).click();
    await expect(clerk.getByTestId("desk-current")).toContainText("空闲");
    await expect(display.getByTestId("display-calls")).not.toContainText(number);

    await Promise.all([kioskContext.close(), displayContext.close(), clerkContext.close()]);
  });

  test("a clerk transfers a ticket to another window, which calls it ahead of walk-ins and finishes it", async ({
    browser,
    baseURL,
    request,
  }) => {
    const kioskContext = await browser.newContext({ baseURL, ...desktop });
    const kiosk = await staffPage(kioskContext, "kiosk", /\/kiosk$/);
    const clerk1 = await staffPage(await browser.newContext({ baseURL, ...desktop }), "clerk1", /\/window$/);
    // Window 2 (clerk2) is the target; clerk3 is locked by the sign-in spec's lock-out test.
    const target = await staffPage(await browser.newContext({ baseURL, ...desktop }), "clerk2", /\/window$/);
    await clearWindow(clerk1, 1);
    await clearWindow(target, 2);
    const take = () => takeTicket(kiosk, /综合受理/);
    const first = await take();
    await take(); // a walk-in, taken after `first`: the transfer must still come first

    await clerk1.getByRole("button", { name: "叫下一位 (N)" }).click();
    await expect(clerk1.getByTestId("desk-number")).toHaveText(first);
    await clerk1.getByLabel("转给").selectOption({ label: "2号窗口 社保医保" });
    await clerk1.getByRole("button", { name: "转出" }).click();
    await expect(clerk1.getByTestId("desk-current")).toContainText("空闲");

    await target.getByRole("button", { name: "叫下一位 (N)" }).click();
    await expect(target.getByTestId("desk-number")).toHaveText(first);
    await target.getByRole("button", { name: "开始办理 (S)" }).click();
    await expect(target.getByTestId("desk-status")).toContainText("正在办理");
    await target.getByRole("button", { name: "办结 (F)" }).click();
    await expect(target.getByTestId("desk-current")).toContainText("空闲");

    const state = await (await request.get("/api/v1/queue")).json();
    expect(state.waiting.find((w: { queue: string }) => w.queue === "A").count).toBeGreaterThanOrEqual(1);
    await kioskContext.close();
  });

  test("a villager follows their ticket on the phone", async ({ browser, baseURL }) => {
    const kiosk = await staffPage(await browser.newContext({ baseURL, ...desktop }), "kiosk", /\/kiosk$/);
    await kiosk
      .getByTestId("kiosk-queues")
      .getByRole("button", { name: /民政残联/ })
      .click();
    const number = (await kiosk.getByTestId("kiosk-number").textContent())!.trim();
    const phone = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await phone.newPage();
    await page.goto(`/queue?ticket=${number}`);
    await expect(page.getByTestId("my-ticket")).toContainText(number);
    await expect(page.getByTestId("my-ticket")).toContainText("前面还有");
    await page.goto("/queue?ticket=Z999");
    await expect(page.getByRole("alert").filter({ hasText: "今天没有这个号" })).toBeVisible();
  });
});
