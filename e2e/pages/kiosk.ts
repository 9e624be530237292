import { expect, type Page } from "@playwright/test";

/** The hall's touch screen (`/kiosk`): a button per queue, check-in by booking code, the ticket. */
export class KioskPage {
  constructor(readonly page: Page) {}

  queueButton(queueName: string) {
    return this.page.getByTestId("kiosk-queues").getByRole("button", { name: new RegExp(queueName) });
  }

  get ticket() {
    return this.page.getByTestId("kiosk-ticket");
  }

  get number() {
    return this.page.getByTestId("kiosk-number");
  }

  /** Take a walk-in ticket of the queue named `queueName`; the ticket stays on screen. */
  async take(queueName: string): Promise<string> {
    await this.queueButton(queueName).click();
    // On the embedded PGlite every request waits its turn on the one connection: while another spec's
    // big admin change (a calendar change counted by running it and rolling back) holds it, a ticket
    // has waited over 10 s in a full parallel run. The unfairness itself is issue 14's.
    await expect(this.number).toHaveText(/^[A-Z]\d{3}$/, { timeout: 30_000 });
    return (await this.number.textContent())!.trim();
  }

  /** Back to the start screen. */
  async done() {
    await this.page.getByRole("button", { name: "完成" }).click();
    await expect(this.ticket).toHaveCount(0);
  }

  /** Take a ticket and go back to the start screen at once. */
  async takeAndFinish(queueName: string): Promise<string> {
    const number = await this.take(queueName);
    await this.done();
    return number;
  }

  async checkIn(code: string) {
    await this.page.getByLabel("预约码", { exact: true }).fill(code);
    await this.page.getByRole("button", { name: "签到取号" }).click();
  }
}
