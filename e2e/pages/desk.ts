import { expect, type Page } from "@playwright/test";

/** The clerk's window desk (`/window`). */
export class DeskPage {
  constructor(readonly page: Page) {}

  get number() {
    return this.page.getByTestId("desk-number");
  }
  get status() {
    return this.page.getByTestId("desk-status");
  }
  get current() {
    return this.page.getByTestId("desk-current");
  }
  get waiting() {
    return this.page.getByTestId("desk-waiting");
  }

  async callNext() {
    await this.page.getByRole("button", { name: "叫下一位 (N)" }).click();
  }

  /** Call the next ticket and expect it to be `number`. */
  async expectCalled(number: string) {
    await expect(this.number).toHaveText(number);
  }

  async recall() {
    await this.page.getByRole("button", { name: "重呼 (R)" }).click();
  }

  async start() {
    await this.page.getByRole("button", { name: "开始办理 (S)" }).click();
    await expect(this.status).toContainText("正在办理");
  }

  async finish() {
    await this.page.getByRole("button", { name: "办结 (F)" }).click();
    await this.expectIdle();
  }

  async expectIdle() {
    await expect(this.current).toContainText("空闲");
  }

  /** Transfer the current ticket to the window named `windowName`. */
  async transferToWindow(windowName: string) {
    await this.page.getByLabel("转给").selectOption({ label: windowName });
    await this.page.getByRole("button", { name: "转出" }).click();
    await this.expectIdle();
  }

  /** Call one waiting ticket out of order, with the reason that is recorded. */
  async callByNumber(number: string, reason = "测试跳号") {
    await this.waiting.locator("li", { hasText: number }).getByRole("button", { name: "跳号呼叫" }).click();
    await this.page.getByLabel(`跳号呼叫 ${number} 的原因（将记录）`).fill(reason);
    await this.page.getByRole("button", { name: "呼叫", exact: true }).click();
    await this.expectCalled(number);
  }
}
