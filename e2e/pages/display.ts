import { expect, type BrowserContext, type Page } from "@playwright/test";

/** The hall's TV (`/display`), its speech replaced by a recorder (install with `recordSpeech` first). */
export class DisplayPage {
  constructor(readonly page: Page) {}

  /** Replace the TV's speech synthesis by a recorder: what would have been said, in order. */
  static async recordSpeech(context: BrowserContext) {
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

  get connection() {
    return this.page.getByTestId("display-connection");
  }

  async expectLive(timeout?: number) {
    await expect(this.connection).toHaveText("● 实时", { timeout });
  }

  /** The row of one window: `12 号窗口` exactly, not `2 号窗口` inside it. */
  windowRow(windowNumber: number) {
    return this.page
      .getByTestId("display-calls")
      .locator("li")
      .filter({ has: this.page.getByText(`${windowNumber} 号窗口`, { exact: true }) });
  }

  get calls() {
    return this.page.getByTestId("display-calls");
  }

  async spoken(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken);
  }

  /** How often the TV has said `sentence`, polled until it is `times`. */
  async expectSaid(sentence: string, times: number, timeout?: number) {
    await expect
      .poll(async () => (await this.spoken()).filter((s) => s.includes(sentence)).length, { timeout })
      .toBe(times);
  }

  static sentence(ticket: string, windowNumber: number) {
    return `请 ${ticket} 号到 ${windowNumber} 号窗口办理`;
  }
}
