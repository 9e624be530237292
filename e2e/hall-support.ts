import type { BrowserContext, Page } from "@playwright/test";
import { expect, signIn } from "./fixtures";

export { SHARED_SECRETS } from "./shared-secrets";

/** The TV's speech synthesis, replaced by a recorder: what would have been said, in order. */
export async function recordSpeech(context: BrowserContext) {
  await context.addInitScript(() => {
    const spoken: string[] = [];
    (window as unknown as { __spoken: string[] }).__spoken = spoken;
    class Utterance {
      text: string;
      lang = "";
      rate = 1;
      voice: unknown = null;
      onend: (() => void) | null = null;
      onerror: (() => void) | null = null;
      constructor(text: string) {
        this.text = text;
      }
    }
    Object.defineProperty(window, "SpeechSynthesisUtterance", { value: Utterance, configurable: true });
    Object.defineProperty(window, "speechSynthesis", {
      configurable: true,
      value: {
        speak(u: Utterance) {
          spoken.push(u.text);
          setTimeout(() => u.onend?.(), 30);
        },
        getVoices: () => [],
        cancel() {},
      },
    });
  });
}

export async function spoken(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken);
}

export async function staffPage(context: BrowserContext, username: string, home: RegExp) {
  const page = await context.newPage();
  await signIn(page, username);
  await expect(page).toHaveURL(home);
  return page;
}

export const desktop = {
  viewport: { width: 1280, height: 900 },
  isMobile: false,
  hasTouch: false,
  deviceScaleFactor: 1,
};

/** Call away and finish whatever waits for a window (earlier specs' tickets), through its clerk's session. */
export async function clearWindow(page: Page, windowNumber: number) {
  const { windows } = await (await page.request.get("/api/v1/windows")).json();
  const id = windows.find((w: { number: number }) => w.number === windowNumber).id;
  const desk = await (await page.request.get("/api/v1/desk")).json();
  if (desk.current) await page.request.post(`/api/v1/tickets/${desk.current.id}/finish`, { data: {} });
  for (let i = 0; i < 500; i++) {
    const response = await page.request.post(`/api/v1/windows/${id}/call-next`, { data: {} });
    if (response.status() === 204) break;
    const { ticket } = await response.json();
    await page.request.post(`/api/v1/tickets/${ticket.id}/finish`, { data: {} });
  }
  await page.reload();
}

/** Take a ticket at the kiosk for the queue whose button names `queueName`; back to the start screen. */
export async function takeTicket(kiosk: Page, queueName: RegExp): Promise<string> {
  await kiosk.getByTestId("kiosk-queues").getByRole("button", { name: queueName }).click();
  const number = (await kiosk.getByTestId("kiosk-number").textContent())!.trim();
  await kiosk.getByRole("button", { name: "完成" }).click();
  return number;
}
