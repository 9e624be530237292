import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { expect, formAlert, requestPhoneCode, test } from "./fixtures";
import { desktop, SHARED_SECRETS, staffPage } from "./hall-support";
import { DeskPage } from "./pages/desk";
import { DisplayPage } from "./pages/display";
import { KioskPage } from "./pages/kiosk";
import { NEXT_START_ARGS } from "../scripts/node-flags.mjs";

// PostgreSQL only (playwright.config.ts runs *.pg.spec.ts in the postgres project): a second app
// instance on the same database, which a TV watches while the first takes the calls — and which
// is stopped and started again mid-test. Also a check-in of a booking for right now, made in the
// database directly because a booking for the next minutes cannot be made online (notice).
//
// Each test has its own queue, window and accounts (the `hall` fixture): nobody else calls them.

test.describe.configure({ mode: "serial", timeout: 120_000 });
test.use(desktop);

// One instance B per worker (PORT_BASE + 2, + 3, …), so that repeats of this file can run side by side.
let PORT_B = Number(process.env.E2E_PORT_BASE ?? 3100) + 2;
const databaseUrl = process.env.E2E_DATABASE_URL!;
let instanceB: ChildProcess | undefined;
let dataDir: string;

async function startInstanceB() {
  instanceB = spawn("npx", ["next", "start", ...NEXT_START_ARGS, "-H", "127.0.0.1", "-p", String(PORT_B)], {
    env: {
      ...process.env,
      ...SHARED_SECRETS,
      DATABASE_URL: databaseUrl,
      DEMO: "1",
      DATA_DIR: dataDir,
      RATE_LIMIT_PER_MINUTE: "2000",
      LOGIN_PER_MINUTE: "2000",
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
  PORT_B = Number(process.env.E2E_PORT_BASE ?? 3100) + 2 + test.info().parallelIndex;
  dataDir = mkdtempSync(path.join(tmpdir(), "yichuang-e2e-b-"));
  await startInstanceB();
});

test.afterAll(async () => {
  await stopInstanceB();
  rmSync(dataDir, { recursive: true, force: true });
});

const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/**
 * A confirmed booking of today, its slot starting now, for an item of the test's own queue: an
 * inactive copy of a catalogue item (the catalogue still lists 95), so its ticket lands in that queue.
 */
async function bookingForNow(queueId: number): Promise<string> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const code = Array.from({ length: 6 }, () => ALPHABET[Math.floor(Math.random() * ALPHABET.length)]).join("");
    const now = Date.now();
    const today = new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
    const startsAt = new Date(
      new Date(now + 60_000 + 8 * 3_600_000).toISOString().slice(0, 10) === today ? now + 60_000 : now - 60_000,
    );
    await sql`
      with hall as (select hall_id as id from queues where id = ${queueId}),
      item as (
        insert into service_items (hall_id, code, name, department_id, category, queue_id, kind, promised_days,
          fee_cents, channels, is_bookable, summary, conditions, materials, pinyin_initials, pinyin_full, sort_order, is_active)
        select hall_id, ${`TST-${code}`}, name || ${` 测试 ${code}`}, department_id, category, ${queueId}, kind, promised_days,
          fee_cents, channels, is_bookable, summary, conditions, materials, pinyin_initials, pinyin_full, 9999, false
        from service_items where hall_id = (select id from hall) order by id limit 1
        returning id),
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

test("a booking checks in at the kiosk and is called ahead of walk-ins", async ({ browser, baseURL, hall }) => {
  const kiosk = new KioskPage(
    await staffPage(await browser.newContext({ baseURL, ...desktop }), hall.kiosk, /\/kiosk$/),
  );
  const clerk = new DeskPage(
    await staffPage(await browser.newContext({ baseURL, ...desktop }), hall.clerk, /\/window$/),
  );
  const walkIn = await kiosk.takeAndFinish(hall.queue.name);

  const code = await bookingForNow(hall.queue.id);
  await kiosk.checkIn(code);
  await expect(kiosk.ticket).toContainText(`预约码 ${code} 已签到`);
  const booked = (await kiosk.number.textContent())!.trim();
  expect(booked).toMatch(new RegExp(`^${hall.queue.prefix}\\d{3}$`));
  await kiosk.done();
  await kiosk.checkIn(code);
  await expect(formAlert(kiosk.page)).toContainText("该预约已签到");

  // Taken after the walk-in, called before it.
  await clerk.callNext();
  await clerk.expectCalled(booked);
  await expect(clerk.current).toContainText("签到大妈");
  await expect(clerk.waiting).toContainText(walkIn);
  await clerk.finish();
});

test("a call made through one instance reaches a TV on another, also after that instance restarts", async ({
  browser,
  baseURL,
  hall,
}) => {
  const tvContext = await browser.newContext({ baseURL: `http://127.0.0.1:${PORT_B}`, ...desktop });
  await DisplayPage.recordSpeech(tvContext);
  const tv = new DisplayPage(await staffPage(tvContext, hall.display, /\/display$/));
  await tv.expectLive();

  const kiosk = new KioskPage(
    await staffPage(await browser.newContext({ baseURL, ...desktop }), hall.kiosk, /\/kiosk$/),
  );
  const clerk = new DeskPage(
    await staffPage(await browser.newContext({ baseURL, ...desktop }), hall.clerk, /\/window$/),
  );
  const first = await kiosk.takeAndFinish(hall.queue.name);
  const second = await kiosk.takeAndFinish(hall.queue.name);

  const row = tv.windowRow(hall.window.number);
  await clerk.callNext();
  await clerk.expectCalled(first);
  await expect(row).toContainText(first);
  await tv.expectSaid(DisplayPage.sentence(first, hall.window.number), 1);

  // Instance B goes down; a call happens meanwhile; B comes back and the TV catches up.
  await stopInstanceB();
  await expect(tv.connection).toHaveText("● 正在重新连接…", { timeout: 15_000 });
  await clerk.finish();
  await clerk.callNext();
  await clerk.expectCalled(second);
  await startInstanceB();
  await tv.expectLive(30_000);
  await expect(row).toContainText(second);
  await expect
    .poll(async () => (await tv.spoken()).some((s) => s.includes(DisplayPage.sentence(second, hall.window.number))), {
      timeout: 15_000,
    })
    .toBe(true);
  await clerk.finish();
  await tvContext.close();
});

test("a booking made through one instance is read, in full, and cancelled through the other", async ({
  request,
  playwright,
}) => {
  // Both instances have the same NEXTAUTH_SECRET and ENCRYPTION_KEY (on PostgreSQL they must be
  // given; nothing is generated per machine), so B decrypts what A encrypted.
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 8 * 3_600_000 + 20 * 86_400_000).toISOString().slice(0, 10);
  const services = (await (await request.get("/api/v1/services?channel=window")).json()) as {
    items: { code: string; bookable: boolean }[];
  };
  let booked: { code: string } | undefined;
  const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
  const phoneCode = await requestPhoneCode(request, phone);
  for (const item of services.items.filter((i) => i.bookable)) {
    const { slots } = (await (
      await request.get(`/api/v1/availability?service=${item.code}&from=${today}&to=${to}&channel=window`)
    ).json()) as { slots: { id: number; remaining: number }[] };
    const slot = slots.filter((s) => s.remaining >= 1).at(-2);
    if (!slot) continue;
    const response = await request.post("/api/v1/bookings", {
      data: { service: item.code, slotId: slot.id, name: "两台服务器", phone, phoneCode },
    });
    expect(response.status(), await response.text()).toBe(201);
    booked = (await response.json()) as { code: string };
    break;
  }
  expect(booked).toBeDefined();
  const onA = (await (await request.get(`/api/v1/bookings/${booked!.code}?phone=${phone}`)).json()) as unknown;

  const instanceBRequest = await playwright.request.newContext({ baseURL: `http://127.0.0.1:${PORT_B}` });
  const onB = await instanceBRequest.get(`/api/v1/bookings/${booked!.code}?phone=${phone}`);
  expect(onB.status(), await onB.text()).toBe(200);
  expect(await onB.json()).toEqual(onA);
  expect(JSON.stringify(onA)).toContain(`${phone.slice(0, 3)}****${phone.slice(-4)}`);

  const cancelled = await instanceBRequest.post(`/api/v1/bookings/${booked!.code}/cancel`, { data: { phone } });
  expect(cancelled.status(), await cancelled.text()).toBe(200);
  const afterOnA = (await (await request.get(`/api/v1/bookings/${booked!.code}?phone=${phone}`)).json()) as {
    status: string;
  };
  expect(afterOnA.status).toBe("cancelled");
  await instanceBRequest.dispose();
});
