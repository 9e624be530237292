import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { expect, formAlert, test } from "./fixtures";
import type { Page } from "@playwright/test";
import { desktop, recordSpeech, SHARED_SECRETS, spoken, staffPage, takeTicket } from "./hall-support";

// PostgreSQL only (playwright.config.ts runs *.pg.spec.ts in the postgres project): a second app
// instance on the same database, which a TV watches while the first takes the calls — and which
// is stopped and started again mid-test. Also a check-in of a booking for right now, made in the
// database directly because a booking for the next minutes cannot be made online (notice).
//
// hall.spec.ts runs beside this file and empties windows 1 and 2 (queues A and B). Here window 4
// (clerk4) works with queue C only, which those windows never call, and calls its own tickets by
// number (out of order, with a reason) wherever another spec's tickets could be ahead.

test.describe.configure({ mode: "serial", timeout: 120_000 });
test.use(desktop);

const PORT_B = Number(process.env.E2E_PORT_BASE ?? 3100) + 2;
const databaseUrl = process.env.E2E_DATABASE_URL!;
let instanceB: ChildProcess | undefined;
let dataDir: string;

async function startInstanceB() {
  instanceB = spawn("npx", ["next", "start", "-H", "127.0.0.1", "-p", String(PORT_B)], {
    env: {
      ...process.env,
      ...SHARED_SECRETS,
      DATABASE_URL: databaseUrl,
      DEMO: "1",
      DATA_DIR: dataDir,
      RATE_LIMIT_PER_MINUTE: "2000",
      BOOKING_HORIZON_DAYS: "100",
    },
    stdio: "ignore",
    detached: true,
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT_B}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("instance B did not start");
}

/** Kill instance B outright (a crash or a power cut at the hall), and wait until it is gone. */
async function stopInstanceB() {
  if (instanceB?.pid) {
    try {
      process.kill(-instanceB.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  instanceB = undefined;
  for (let i = 0; i < 40; i++) {
    try {
      await fetch(`http://127.0.0.1:${PORT_B}/api/health`);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "yichuang-e2e-b-"));
  await startInstanceB();
});

test.afterAll(async () => {
  await stopInstanceB();
  rmSync(dataDir, { recursive: true, force: true });
});

const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** A confirmed booking of today, its slot starting now. */
async function bookingForNow(): Promise<string> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const code = Array.from({ length: 6 }, () => ALPHABET[Math.floor(Math.random() * ALPHABET.length)]).join("");
    const now = Date.now();
    const today = new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
    const startsAt = new Date(
      new Date(now + 60_000 + 8 * 3_600_000).toISOString().slice(0, 10) === today ? now + 60_000 : now - 60_000,
    );
    await sql`
      with hall as (select id from halls order by id limit 1),
      item as (select s.id from service_items s join queues q on q.id = s.queue_id where q.prefix = 'C' and s.hall_id = (select id from hall) order by s.id limit 1),
      session as (
        insert into service_sessions (hall_id, channel, date, location) values ((select id from hall), 'window', ${today}, '服务中心')
        on conflict on constraint service_sessions_uq do update set location = service_sessions.location returning id),
      slot as (
        insert into slots (hall_id, session_id, starts_at, ends_at, capacity, online_capacity, booked)
        values ((select id from hall), (select id from session), ${startsAt}, ${new Date(startsAt.getTime() + 30 * 60_000)}, 4, 2, 1) returning id)
      insert into bookings (hall_id, code, service_item_id, slot_id, applicant_name, phone_enc, phone_hash, phone_masked)
      values ((select id from hall), ${code}, (select id from item), (select id from slot), '签到大妈', 'e2e', ${`e2e-${code}`}, '139****0000')`;
    return code;
  } finally {
    await sql.end();
  }
}

test("a booking checks in at the kiosk and is called ahead of walk-ins", async ({ browser, baseURL }) => {
  const kiosk = await staffPage(await browser.newContext({ baseURL, ...desktop }), "kiosk", /\/kiosk$/);
  const clerk = await staffPage(await browser.newContext({ baseURL, ...desktop }), "clerk4", /\/window$/);
  const walkIn = await takeTicket(kiosk, /民政残联/);

  const code = await bookingForNow();
  await kiosk.getByLabel("预约码").fill(code);
  await kiosk.getByRole("button", { name: "签到取号" }).click();
  await expect(kiosk.getByTestId("kiosk-ticket")).toContainText(`预约码 ${code} 已签到`);
  const booked = (await kiosk.getByTestId("kiosk-number").textContent())!.trim();
  await kiosk.getByRole("button", { name: "完成" }).click();
  await kiosk.getByLabel("预约码").fill(code);
  await kiosk.getByRole("button", { name: "签到取号" }).click();
  await expect(formAlert(kiosk)).toContainText("该预约已签到");

  // Taken after the walk-in, called before it.
  await clerk.getByRole("button", { name: "叫下一位 (N)" }).click();
  await expect(clerk.getByTestId("desk-number")).toHaveText(booked);
  await expect(clerk.getByTestId("desk-current")).toContainText("签到大妈");
  await expect(clerk.getByTestId("desk-waiting")).toContainText(walkIn);
  await clerk.getByRole("button", { name: "办结 (F)" }).click();
  await expect(clerk.getByTestId("desk-current")).toContainText("空闲");
});

/** Call one ticket at window 4 by its number, whatever else waits. */
async function callByNumber(clerk: Page, number: string) {
  await clerk
    .getByTestId("desk-waiting")
    .locator("li", { hasText: number })
    .getByRole("button", { name: "跳号呼叫" })
    .click();
  await clerk.getByLabel(`跳号呼叫 ${number} 的原因（将记录）`).fill("多实例测试");
  await clerk.getByRole("button", { name: "呼叫", exact: true }).click();
  await expect(clerk.getByTestId("desk-number")).toHaveText(number);
}

test("a call made through one instance reaches a TV on another, also after that instance restarts", async ({
  browser,
  baseURL,
}) => {
  const tvContext = await browser.newContext({ baseURL: `http://127.0.0.1:${PORT_B}`, ...desktop });
  await recordSpeech(tvContext);
  const tv = await staffPage(tvContext, "display", /\/display$/);
  await expect(tv.getByTestId("display-connection")).toHaveText("● 实时");

  const kiosk = await staffPage(await browser.newContext({ baseURL, ...desktop }), "kiosk", /\/kiosk$/);
  const clerk = await staffPage(await browser.newContext({ baseURL, ...desktop }), "clerk4", /\/window$/);
  const first = await takeTicket(kiosk, /民政残联/);
  const second = await takeTicket(kiosk, /民政残联/);

  // Other specs call at other windows meanwhile: look at window 4's row, not at the latest call.
  const windowFour = tv.getByTestId("display-calls").locator("li", { hasText: "4 号窗口" });
  await callByNumber(clerk, first);
  await expect(windowFour).toContainText(first);
  await expect.poll(async () => (await spoken(tv)).some((s) => s.includes(`请 ${first} 号到 4 号窗口办理`))).toBe(true);

  // Instance B goes down; a call happens meanwhile; B comes back and the TV catches up.
  await stopInstanceB();
  await expect(tv.getByTestId("display-connection")).toHaveText("● 正在重新连接…", { timeout: 15_000 });
  await clerk.getByRole("button", { name: "办结 (F)" }).click();
  await expect(clerk.getByTestId("desk-current")).toContainText("空闲");
  await callByNumber(clerk, second);
  await startInstanceB();
  await expect(tv.getByTestId("display-connection")).toHaveText("● 实时", { timeout: 30_000 });
  await expect(windowFour).toContainText(second);
  await expect
    .poll(async () => (await spoken(tv)).some((s) => s.includes(`请 ${second} 号到 4 号窗口办理`)), { timeout: 15_000 })
    .toBe(true);
  await clerk.getByRole("button", { name: "办结 (F)" }).click();
  await tvContext.close();
});
