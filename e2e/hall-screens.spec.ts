import type { APIRequestContext, Browser, BrowserContext, Page } from "@playwright/test";
import {
  expect,
  formAlert,
  requestPhoneCode,
  sameOrigin,
  signInApi,
  test,
  type Account,
  type SameOriginContext,
  type SpecHall,
} from "./fixtures";
import { desktop, staffPage } from "./hall-support";
import { DisplayPage } from "./pages/display";
import { KioskPage } from "./pages/kiosk";

// The hall's unattended devices at their real sizes: the TV (1366×768 and 1920×1080) and the
// kiosk (1080×1920 portrait). Every test has its own queue, window and accounts (the `hall`
// fixture); the TV shows the whole hall, so the tests look at their own window's row.
test.describe.configure({ timeout: 120_000 });

const TV_SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];
const KIOSK = { width: 1080, height: 1920 };
const screen = (viewport: { width: number; height: number }) => ({ ...desktop, viewport });

async function displayAt(
  browser: Browser,
  baseURL: string | undefined,
  account: Account,
  viewport: { width: number; height: number },
  options: { reducedMotion?: "reduce" } = {},
) {
  const context = await browser.newContext({ baseURL, ...screen(viewport), ...options });
  await DisplayPage.recordSpeech(context);
  const display = new DisplayPage(await staffPage(context, account, /\/display$/));
  await display.expectLive();
  return { context, display };
}

/** Where the notice's text is, and where the strip that shows it is, in the viewport. */
async function noticeBoxes(page: Page) {
  return page.getByTestId("display-notice").evaluate((footer) => {
    const track = footer.firstElementChild as HTMLElement;
    const trackWidth = track.getBoundingClientRect().width;
    const range = document.createRange();
    range.selectNodeContents(track);
    const text = range.getBoundingClientRect();
    const strip = footer.getBoundingClientRect();
    return {
      text: { left: text.left, right: text.right, top: text.top, bottom: text.bottom, width: text.width },
      strip: { left: strip.left, right: strip.right, top: strip.top, bottom: strip.bottom },
      viewport: { width: window.innerWidth, height: window.innerHeight },
      trackWidth,
      running: track.getAnimations().length,
    };
  });
}

/** Sets the notice's scrolling to `fraction` of its run and stops it there. */
async function seekNotice(page: Page, fraction: number) {
  await page.getByTestId("display-notice").evaluate((footer, f) => {
    const [animation] = (footer.firstElementChild as HTMLElement).getAnimations();
    const duration = Number(animation.effect!.getTiming().duration);
    animation.pause();
    animation.currentTime = duration * f;
  }, fraction);
}

async function signedInApi(
  playwright: { request: { newContext: (o: SameOriginContext) => Promise<APIRequestContext> } },
  baseURL: string | undefined,
  account: Account,
) {
  const api = await playwright.request.newContext(sameOrigin(baseURL!));
  await signInApi(api, account.username, account.password);
  return api;
}

/** A walk-in ticket of the spec's queue, called at once by the spec's window (through the API). */
async function issueAndCall(kiosk: APIRequestContext, clerk: APIRequestContext, hall: SpecHall) {
  const issued = await kiosk.post("/api/v1/tickets", { data: { queue: hall.queue.prefix } });
  expect(issued.status(), await issued.text()).toBe(201);
  const number = (await issued.json()).number as string;
  const called = await clerk.post(`/api/v1/windows/${hall.window.id}/call-next`);
  expect(called.status(), await called.text()).toBe(200);
  const { ticket } = (await called.json()) as { ticket: { id: number; number: string } };
  expect(ticket.number).toBe(number);
  return ticket;
}

/** WCAG contrast ratio of two `rgb(…)` colours. */
function contrast(a: string, b: string) {
  const luminance = (rgb: string) => {
    const [r, g, bl] = rgb
      .match(/\d+(\.\d+)?/g)!
      .slice(0, 3)
      .map(Number);
    const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(bl);
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test.describe("the TV", () => {
  for (const size of TV_SIZES) {
    test(`at ${size.width}×${size.height} shows a clock, every window and the whole notice`, async ({
      browser,
      baseURL,
      hall,
    }, testInfo) => {
      const { context, display } = await displayAt(browser, baseURL, hall.display, size);
      const page = display.page;

      // The clock: Beijing time, whatever the machine's zone.
      const shanghaiNow = new Intl.DateTimeFormat("zh-CN", {
        timeZone: "Asia/Shanghai",
        hour: "2-digit",
        minute: "2-digit",
        hour12: false,
      }).format(new Date());
      await expect(page.getByTestId("display-clock")).toContainText(/\d{2}:\d{2}:\d{2}/);
      const clock = (await page.getByTestId("display-clock").textContent())!;
      expect(clock.slice(0, 2)).toBe(shanghaiNow.slice(0, 2));

      // Every window of the hall, idle ones too, each whole on the screen.
      const { windows } = await (await page.request.get("/api/v1/windows")).json();
      const rows = page.getByTestId("display-calls").locator("li");
      await expect(rows).toHaveCount(windows.length);
      await expect(display.windowRow(hall.window.number)).toContainText("空闲");
      for (const box of await rows.evaluateAll((items) => items.map((li) => li.getBoundingClientRect().toJSON()))) {
        expect(box.bottom).toBeLessThanOrEqual(size.height);
        expect(box.right).toBeLessThanOrEqual(size.width);
      }
      // Readable from five metres: a hall's few windows (up to 8) in type of at least 40 px;
      // the rows shrink only to fit a hall with more.
      const rowFont = await rows.first().evaluate((li) => parseFloat(getComputedStyle(li).fontSize));
      expect(rowFont).toBeGreaterThanOrEqual(windows.length <= 8 ? 40 : 20);

      // The notice strip is on the screen, and the scrolling text passes through it whole:
      // it starts beyond the right edge and ends beyond the left one.
      await seekNotice(page, 0);
      let boxes = await noticeBoxes(page);
      expect(boxes.strip.bottom).toBeLessThanOrEqual(size.height);
      expect(boxes.text.width).toBeGreaterThan(0);
      expect(boxes.text.left).toBeGreaterThanOrEqual(boxes.strip.right - 1);
      await seekNotice(page, 0.999);
      boxes = await noticeBoxes(page);
      // 0.1 % of the run before its end, the text is within 0.1 % of the track's width of the left edge.
      expect(boxes.text.right).toBeLessThanOrEqual(boxes.strip.left + boxes.trackWidth * 0.001 + 1);
      expect(boxes.text.bottom).toBeLessThanOrEqual(boxes.strip.bottom);
      await seekNotice(page, 0.5);
      await page.screenshot({ path: testInfo.outputPath(`tv-${size.width}x${size.height}.png`) });
      await context.close();
    });
  }

  test("with reduced motion at 1366×768 the notice does not move and wraps uncut", async ({
    browser,
    baseURL,
    hall,
  }, testInfo) => {
    const { context, display } = await displayAt(browser, baseURL, hall.display, TV_SIZES[0], {
      reducedMotion: "reduce",
    });
    const boxes = await noticeBoxes(display.page);
    expect(boxes.running).toBe(0);
    expect(boxes.text.left).toBeGreaterThanOrEqual(boxes.strip.left);
    expect(boxes.text.right).toBeLessThanOrEqual(boxes.strip.right);
    expect(boxes.text.bottom).toBeLessThanOrEqual(boxes.strip.bottom);
    expect(boxes.strip.bottom).toBeLessThanOrEqual(boxes.viewport.height);
    await display.page.screenshot({ path: testInfo.outputPath("tv-1366x768-reduced-motion.png") });
    await context.close();
  });

  test("asks for one tap when the browser refuses speech, then says the waiting call and the next", async ({
    browser,
    baseURL,
    playwright,
    hall,
  }, testInfo) => {
    const context = await browser.newContext({ baseURL, ...screen(TV_SIZES[1]) });
    // Chromium without --autoplay-policy=no-user-gesture-required: `not-allowed` until the page
    // has had a user gesture (a click on this very page, not the sign-in before it), then speech
    // works. What is said is recorded.
    await context.addInitScript(() => {
      let isActivated = false;
      window.addEventListener("click", () => (isActivated = true), true);
      const spoken: string[] = [];
      (window as unknown as { __spoken: string[] }).__spoken = spoken;
      class Utterance {
        text: string;
        lang = "";
        rate = 1;
        volume = 1;
        voice: unknown = null;
        onend: (() => void) | null = null;
        onerror: ((event: { error: string }) => void) | null = null;
        constructor(text: string) {
          this.text = text;
        }
      }
      Object.defineProperty(window, "SpeechSynthesisUtterance", { value: Utterance, configurable: true });
      Object.defineProperty(window, "speechSynthesis", {
        configurable: true,
        value: {
          speak(u: Utterance) {
            if (!isActivated) {
              setTimeout(() => u.onerror?.({ error: "not-allowed" }), 10);
              return;
            }
            spoken.push(u.text);
            setTimeout(() => u.onend?.(), 30);
          },
          getVoices: () => [{ lang: "zh-CN", name: "中文", default: true }],
          cancel() {},
          addEventListener() {},
          removeEventListener() {},
        },
      });
    });
    const display = new DisplayPage(await staffPage(context, hall.display, /\/display$/));
    await display.expectLive();
    const prompt = display.page.getByTestId("display-enable-speech");
    await expect(prompt).toBeVisible();
    await expect(prompt).toContainText("点一下屏幕，开启语音叫号");
    await expect(display.page.getByTestId("display-speech")).toContainText("语音播报已关闭");

    const kiosk = await signedInApi(playwright, baseURL, hall.kiosk);
    const clerk = await signedInApi(playwright, baseURL, hall.clerk);
    const { id: firstId, number: first } = await issueAndCall(kiosk, clerk, hall);
    await expect(display.windowRow(hall.window.number)).toContainText(first);
    // The latest call fills the screen's left: at least 120 px high at 1080.
    const latestFont = await display.page
      .getByTestId("display-latest")
      .locator("p")
      .first()
      .evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
    expect(latestFont).toBeGreaterThanOrEqual(120);
    await display.page.screenshot({ path: testInfo.outputPath("tv-speech-refused.png") });
    expect(await display.spoken()).toEqual([]);

    await prompt.click();
    await expect(prompt).toHaveCount(0);
    await display.expectSaid(DisplayPage.sentence(first, hall.window.number), 1);
    await expect(display.page.getByTestId("display-speech")).toContainText("语音播报已开启");

    for (const action of ["start", "finish"]) {
      const done = await clerk.post(`/api/v1/tickets/${firstId}/${action}`);
      expect(done.status(), await done.text()).toBe(200);
    }
    const { number: second } = await issueAndCall(kiosk, clerk, hall);
    await display.expectSaid(DisplayPage.sentence(second, hall.window.number), 1);
    await Promise.all([kiosk.dispose(), clerk.dispose(), context.close()]);
  });
});

test.describe("the kiosk", () => {
  async function kioskAt(browser: Browser, baseURL: string | undefined, account: Account) {
    const context: BrowserContext = await browser.newContext({ baseURL, ...screen(KIOSK) });
    return { context, kiosk: new KioskPage(await staffPage(context, account, /\/kiosk$/)) };
  }

  test("its code box stands out, its keypad types a booking code that checks in, and each queue says what it takes", async ({
    browser,
    baseURL,
    request,
    hall,
  }, testInfo) => {
    const { context, kiosk } = await kioskAt(browser, baseURL, hall.kiosk);
    const page = kiosk.page;
    const box = page.getByTestId("kiosk-code");
    const colours = await box.evaluate((input) => {
      // Computed colours may be oklch(…) (Tailwind 4): a canvas turns any CSS colour into rgb.
      const canvas = document.createElement("canvas").getContext("2d", { willReadFrequently: true })!;
      const rgb = (colour: string) => {
        canvas.clearRect(0, 0, 1, 1);
        canvas.fillStyle = colour;
        canvas.fillRect(0, 0, 1, 1);
        const [r, g, b] = canvas.getImageData(0, 0, 1, 1).data;
        return `rgb(${r}, ${g}, ${b})`;
      };
      const style = getComputedStyle(input);
      const main = getComputedStyle(input.closest("main")!);
      return {
        background: rgb(style.backgroundColor),
        border: rgb(style.borderTopColor),
        borderWidth: parseFloat(style.borderTopWidth),
        text: rgb(style.color),
        page: rgb(main.backgroundColor),
      };
    });
    expect(contrast(colours.background, colours.page)).toBeGreaterThanOrEqual(3);
    expect(contrast(colours.border, colours.page)).toBeGreaterThanOrEqual(3);
    expect(colours.borderWidth).toBeGreaterThanOrEqual(2);
    expect(contrast(colours.text, colours.background)).toBeGreaterThanOrEqual(7);

    // Each queue button says which kinds of items it takes: the demo's A from the catalogue,
    // the spec's own queue (no items) a general line.
    await expect(kiosk.queueButton("综合受理").getByTestId("kiosk-queue-kinds")).toContainText(/办理：\S+、/);
    await expect(kiosk.queueButton(hall.queue.name).getByTestId("kiosk-queue-kinds")).toContainText("各类事项");

    // A booking made online; typed on the keypad (never the keyboard) it reaches check-in.
    const { items } = await (await request.get("/api/v1/services?channel=window")).json();
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 8 * 3_600_000 + 20 * 86_400_000).toISOString().slice(0, 10);
    let booking: { code: string; date: string } | undefined;
    for (const item of items.filter((i: { bookable: boolean }) => i.bookable).slice(0, 10)) {
      const { slots } = await (
        await request.get(`/api/v1/availability?service=${item.code}&from=${today}&to=${to}&channel=window`)
      ).json();
      const slot = slots.find((s: { remaining: number }) => s.remaining > 0);
      if (!slot) continue;
      const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
      const made = await request.post("/api/v1/bookings", {
        data: {
          service: item.code,
          slotId: slot.id,
          name: "键盘签到",
          phone,
          phoneCode: await requestPhoneCode(request, phone),
        },
      });
      expect(made.status(), await made.text()).toBe(201);
      booking = { code: (await made.json()).code, date: slot.date };
      break;
    }
    expect(booking, "a bookable window slot in the next 20 days").toBeTruthy();
    const keypad = page.getByTestId("kiosk-keypad");
    await keypad.getByRole("button", { name: "Z", exact: true }).click();
    await keypad.getByRole("button", { name: "删除一位" }).click();
    for (const key of booking!.code) await keypad.getByRole("button", { name: key, exact: true }).click();
    await expect(box).toHaveValue(booking!.code);
    await page.screenshot({ path: testInfo.outputPath("kiosk-1080x1920.png") });
    await page.getByRole("button", { name: "签到取号" }).click();
    if (booking!.date === today) {
      // A booking for today checks in: the kiosk shows its ticket.
      await expect(kiosk.ticket).toContainText(`预约码 ${booking!.code} 已签到`);
    } else {
      // A later day's booking is found by its code and refused for its date, on screen.
      await expect(formAlert(page)).toContainText(`该预约不是今天的（${booking!.date}）`);
    }
    await context.close();
  });

  test("prints a ticket once and keeps 退出登录 behind a long press and the device's password", async ({
    browser,
    baseURL,
    hall,
  }) => {
    const { context, kiosk } = await kioskAt(browser, baseURL, hall.kiosk);
    const page = kiosk.page;
    await expect(page.getByRole("button", { name: "退出登录" })).toHaveCount(0);

    await page.evaluate(() => {
      (window as unknown as { __prints: number }).__prints = 0;
      window.print = () => {
        (window as unknown as { __prints: number }).__prints++;
      };
    });
    await kiosk.take(hall.queue.name);
    // The ticket's QR code (to /queue?ticket=…) comes drawn from the server as SVG.
    const qr = page.getByRole("img", { name: "手机扫码查看排队进度" });
    await expect(qr.locator("svg path").first()).toBeAttached();
    const print = page.getByRole("button", { name: "打印号票" });
    await print.click();
    await expect(page.getByRole("button", { name: "已打印" })).toBeDisabled();
    expect(await page.evaluate(() => (window as unknown as { __prints: number }).__prints)).toBe(1);
    await kiosk.done();

    // A tap on the corner does nothing; a three-second press opens the staff dialog.
    const corner = page.getByTestId("kiosk-staff-corner");
    await corner.click();
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await corner.hover();
    await page.mouse.down();
    await page.waitForTimeout(3_300);
    await page.mouse.up();
    const dialog = page.getByRole("dialog", { name: "工作人员操作" });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel("本机账号密码").fill("not-the-password");
    await dialog.getByRole("button", { name: "退出登录" }).click();
    await expect(dialog.getByRole("alert")).toContainText("密码不对");
    await dialog.getByLabel("本机账号密码").fill(hall.kiosk.password);
    await dialog.getByRole("button", { name: "退出登录" }).click();
    await expect(page).toHaveURL(/\/login/);
    await context.close();
  });

  test("a lost kiosk is signed out from the admin console at once: its next ticket is refused and it shows the sign-in page", async ({
    browser,
    baseURL,
    hall,
    loginAs,
    page,
  }) => {
    const { context, kiosk } = await kioskAt(browser, baseURL, hall.kiosk);
    // The signed-in kiosk issues (its screen's own issuing is tested above).
    const issued = await kiosk.page.request.post("/api/v1/tickets", {
      data: { queue: hall.queue.prefix },
      headers: { origin: baseURL! },
    });
    expect(issued.status(), await issued.text()).toBe(201);

    await loginAs("admin");
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: `强制下线 ${hall.kiosk.username}` }).click();
    await expect(page.getByRole("status").filter({ hasText: "已下线" })).toBeVisible();

    const refused = await kiosk.page.request.post("/api/v1/tickets", {
      data: { queue: hall.queue.prefix },
      headers: { origin: baseURL! },
    });
    expect(refused.status()).toBe(401);
    await kiosk.page.reload();
    await expect(kiosk.page).toHaveURL(/\/login/);
    await context.close();
  });
});
