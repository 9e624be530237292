import { randomBytes } from "node:crypto";
import { expect, test as base, type APIRequestContext, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "yichuang-demo";
/** The password of every account a spec makes for itself. */
export const SPEC_PASSWORD = "e2e-spec-password";

export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}

/**
 * Options for an API request context that writes with a session cookie: it says where it comes
 * from (Origin), as a browser does; the API refuses a cookie without one (proxy.ts).
 */
export function sameOrigin(baseURL: string) {
  return { baseURL, extraHTTPHeaders: { origin: baseURL } };
}
export type SameOriginContext = ReturnType<typeof sameOrigin>;

/**
 * Ask for the SMS code (短信验证码) a public booking needs. The e2e servers run in demo mode, where the
 * answer carries the code; \`phoneCodeFromOutbox\` in booking.spec.ts reads it where an admin sees it.
 */
export async function requestPhoneCode(request: APIRequestContext, phone: string): Promise<string> {
  const response = await request.post("/api/v1/phone-codes", { data: { phone } });
  expect(response.status(), await response.text()).toBe(202);
  const { demoCode } = (await response.json()) as { demoCode?: string };
  expect(demoCode, "demo mode answers with the code").toMatch(/^\d{6}$/);
  return demoCode!;
}

/** Sign an API request context in through next-auth's credentials endpoint (no browser). */
export async function signInApi(request: APIRequestContext, username: string, password = DEMO_PASSWORD) {
  const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
  await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, username, password, json: "true" },
    maxRedirects: 0,
  });
  const session = await (await request.get("/api/auth/session")).json();
  expect(session?.user?.username ?? session?.user?.name, `sign-in of ${username}`).toBeTruthy();
}

export type StaffRoleName = "clerk" | "backoffice" | "manager" | "admin" | "district" | "kiosk" | "display" | "pad";

export interface Account {
  id: number;
  username: string;
  password: string;
  role: StaffRoleName;
  windowId: number | null;
}
export interface SpecQueue {
  id: number;
  prefix: string;
  name: string;
}
export interface SpecWindow {
  id: number;
  number: number;
  name: string;
  queues: string[];
}

/**
 * Makes a spec's own queues, windows and accounts through the admin API (so through the domain
 * functions, audited), signed in as the demo `admin`. Nothing a spec makes is shared with another.
 */
export class HallBuilder {
  private constructor(private readonly admin: APIRequestContext) {}

  static async open(
    playwright: { request: { newContext: (o: SameOriginContext) => Promise<APIRequestContext> } },
    baseURL: string,
  ) {
    const admin = await playwright.request.newContext(sameOrigin(baseURL));
    await signInApi(admin, "admin");
    return new HallBuilder(admin);
  }

  async dispose() {
    await this.admin.dispose();
  }

  private async post<T>(path: string, data: unknown): Promise<{ status: number; body: T }> {
    const response = await this.admin.post(path, { data });
    const body = (await response.json()) as T;
    expect(response.status(), `${path} ${JSON.stringify(body)}`).toBeLessThan(500);
    return { status: response.status(), body };
  }

  /**
   * A queue on a prefix no other spec holds. Prefixes are one letter (db/schema.ts), A–C are the
   * demo's: 23 letters for a whole run, and a run on PostgreSQL uses 22 or 23 of them (a finished
   * run's hall holds A–Y). Z is tried last: openapi.spec.ts asks for a ticket of a queue Z that
   * does not exist, and the specs that run after it (the -calendar projects) take the last letter.
   * A taken letter answers 409 and the next one is tried.
   */
  async queue(): Promise<SpecQueue> {
    const letters = [..."DEFGHIJKLMNOPQRSTUVWXY".split("").sort(() => Math.random() - 0.5), "Z"];
    for (const prefix of letters) {
      const { status, body } = await this.post<SpecQueue>("/api/v1/admin/queues", {
        prefix,
        name: `测试队列${prefix}`,
        dailyCap: 999,
      });
      if (status === 201) return body;
      expect(status, JSON.stringify(body)).toBe(409);
    }
    throw new Error("all 23 spare queue prefixes are taken: fewer parallel specs, or longer prefixes");
  }

  /** A window on a free number (10–99), calling `queues`. */
  async window(queues: string[]): Promise<SpecWindow> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const number = 10 + Math.floor(Math.random() * 90);
      const { status, body } = await this.post<SpecWindow>("/api/v1/admin/windows", {
        number,
        name: `${number}号窗口 测试`,
        queues,
      });
      if (status === 201) return body;
      expect(status, JSON.stringify(body)).toBe(409);
    }
    throw new Error("no free window number");
  }

  async account(role: StaffRoleName, options: { windowId?: number; department?: string } = {}): Promise<Account> {
    const username = `e2e-${role}-${randomBytes(4).toString("hex")}`;
    const { status, body } = await this.post<Account>("/api/v1/admin/staff", {
      username,
      displayName: `测试${role}`,
      role,
      password: SPEC_PASSWORD,
      ...(role === "backoffice" && !options.department ? { department: "RSJ" } : {}),
      ...options,
    });
    expect(status, JSON.stringify(body)).toBe(201);
    return { ...body, password: SPEC_PASSWORD };
  }
}

/** One spec's corner of the hall: its queue, its window calling that queue, and its accounts. */
export interface SpecHall {
  queue: SpecQueue;
  window: SpecWindow;
  clerk: Account;
  kiosk: Account;
  display: Account;
  builder: HallBuilder;
}

export const test = base.extend<{
  loginAs: (username: string, password?: string) => Promise<void>;
  builder: HallBuilder;
  hall: SpecHall;
}>({
  loginAs: async ({ page }, use) => {
    await use(async (username: string, password?: string) => {
      await signIn(page, username, password);
      await expect(page).not.toHaveURL(/\/login/);
    });
  },
  builder: async ({ playwright, baseURL }, use) => {
    const builder = await HallBuilder.open(playwright, baseURL!);
    await use(builder);
    await builder.dispose();
  },
  hall: async ({ builder }, use) => {
    const queue = await builder.queue();
    const window = await builder.window([queue.prefix]);
    const [clerk, kiosk, display] = await Promise.all([
      builder.account("clerk", { windowId: window.id }),
      builder.account("kiosk"),
      builder.account("display"),
    ]);
    await use({ queue, window, clerk, kiosk, display, builder });
  },
});

export { expect };

/** Fails when the page is wider than the screen: nothing may scroll sideways on a phone. */
export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** The page's own alert, not Next.js's route announcer (which also has role="alert"). */
export function formAlert(page: Page) {
  return page.locator('[role="alert"]:not(#__next-route-announcer__)');
}
