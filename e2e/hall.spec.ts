import { expect, test } from "./fixtures";
import { desktop, staffPage } from "./hall-support";
import { DeskPage } from "./pages/desk";
import { DisplayPage } from "./pages/display";
import { KioskPage } from "./pages/kiosk";

// The hall's live queue with three screens at once: the kiosk, the clerk's desk and the TV.
// Every test has its own queue, window and accounts (the `hall` fixture), so tests run in
// parallel and in any order: nobody else calls this test's queue. The kiosk and the TV still show
// the whole hall, so each looks at its own queue's button and its own window's row.
test.describe.configure({ timeout: 120_000 });
test.use(desktop);

test.describe("the hall", () => {
  test("a kiosk ticket is called by a clerk, the TV shows and says it, recall repeats it, and it drops after the recall limit", async ({
    browser,
    baseURL,
    hall,
  }) => {
    const kioskContext = await browser.newContext({ baseURL, ...desktop });
    const displayContext = await browser.newContext({ baseURL, ...desktop });
    const clerkContext = await browser.newContext({ baseURL, ...desktop });
    await DisplayPage.recordSpeech(displayContext);
    const display = new DisplayPage(await staffPage(displayContext, hall.display, /\/display$/));
    await display.expectLive();
    const kiosk = new KioskPage(await staffPage(kioskContext, hall.kiosk, /\/kiosk$/));
    const clerk = new DeskPage(await staffPage(clerkContext, hall.clerk, /\/window$/));

    const number = await kiosk.take(hall.queue.name);
    expect(number).toMatch(new RegExp(`^${hall.queue.prefix}001$`));
    await expect(kiosk.ticket).toContainText("预计等候");

    await clerk.page.keyboard.press("n");
    await clerk.expectCalled(number);
    const sentence = DisplayPage.sentence(number, hall.window.number);
    await expect(display.windowRow(hall.window.number)).toContainText(number);
    await display.expectSaid(sentence, 1);

    await clerk.recall();
    await expect(clerk.status).toContainText("已重呼 1 次");
    await display.expectSaid(sentence, 2);
    await clerk.recall();
    await expect(clerk.status).toContainText("已重呼 2 次");
    // Past the limit (two recalls) the ticket is dropped as a no-show.
    await clerk.recall();
    await clerk.expectIdle();
    await expect(display.calls).not.toContainText(number);

    await Promise.all([kioskContext.close(), displayContext.close(), clerkContext.close()]);
  });

  test("a clerk transfers a ticket to another window, which calls it ahead of walk-ins and finishes it", async ({
    browser,
    baseURL,
    request,
    hall,
  }) => {
    // A second window on the same queue: the transferred ticket must beat the walk-in there.
    const targetWindow = await hall.builder.window([hall.queue.prefix]);
    const targetClerk = await hall.builder.account("clerk", { windowId: targetWindow.id });
    const contexts = await Promise.all([1, 2, 3].map(() => browser.newContext({ baseURL, ...desktop })));
    const kiosk = new KioskPage(await staffPage(contexts[0], hall.kiosk, /\/kiosk$/));
    const clerk = new DeskPage(await staffPage(contexts[1], hall.clerk, /\/window$/));
    const target = new DeskPage(await staffPage(contexts[2], targetClerk, /\/window$/));
    const first = await kiosk.takeAndFinish(hall.queue.name);
    const second = await kiosk.takeAndFinish(hall.queue.name); // taken after `first`: the transfer still comes first

    await clerk.callNext();
    await clerk.expectCalled(first);
    await clerk.transferToWindow(targetWindow.name);

    await target.callNext();
    await target.expectCalled(first);
    await target.start();
    await target.finish();

    const state = await (await request.get("/api/v1/queue")).json();
    expect(state.waiting.find((w: { queue: string }) => w.queue === hall.queue.prefix).count).toBe(1);
    await target.callNext();
    await target.expectCalled(second);
    await target.finish();
    await Promise.all(contexts.map((c) => c.close()));
  });

  test("a villager follows their ticket on the phone", async ({ browser, baseURL, hall }) => {
    const kioskContext = await browser.newContext({ baseURL, ...desktop });
    const kiosk = new KioskPage(await staffPage(kioskContext, hall.kiosk, /\/kiosk$/));
    const number = await kiosk.takeAndFinish(hall.queue.name);
    const second = await kiosk.takeAndFinish(hall.queue.name);
    const phone = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await phone.newPage();
    // The page reads its place off the stream's snapshots: no request of its own per change.
    const progressRequests: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/api/v1/queue?ticket=")) progressRequests.push(r.url());
    });
    await page.goto(`/queue?ticket=${second}`);
    const mine = page.getByTestId("my-ticket");
    await expect(mine).toContainText(second);
    await expect(page.getByTestId("my-ahead")).toHaveText("1");
    const clerkContext = await browser.newContext({ baseURL, ...desktop });
    const clerk = new DeskPage(await staffPage(clerkContext, hall.clerk, /\/window$/));
    await clerk.callNext();
    await clerk.expectCalled(number);
    await expect(page.getByTestId("my-ahead")).toHaveText("0");
    await clerk.finish();
    await clerk.callNext();
    await clerk.expectCalled(second);
    await expect(mine).toContainText(`请到 ${hall.window.number} 号窗口`);
    expect(progressRequests).toEqual([]);
    // Finished, it leaves the snapshot: the page asks once what became of it.
    await clerk.finish();
    await expect(mine).toContainText("已办结");
    expect(progressRequests).toHaveLength(1);
    await clerkContext.close();
    // The queue is this test's own and holds two tickets today: number 999 does not exist.
    await page.goto(`/queue?ticket=${hall.queue.prefix}999`);
    await expect(page.getByRole("alert").filter({ hasText: "今天没有这个号" })).toBeVisible();
    await Promise.all([kioskContext.close(), phone.close()]);
  });
});
