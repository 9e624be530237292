import { randomInt } from "node:crypto";
import type { APIRequestContext, BrowserContext, Page } from "@playwright/test";
import { idNumberCheckChar } from "@/lib/validation/identity";
import { items, slotsOf, uniquePhone, type Slot } from "./booking-support";
import { expect, requestPhoneCode, sameOrigin, signInApi, test, type Account } from "./fixtures";

// Issue 15: the Tuesday village day (周二主题下村日) on a tablet with no connection. The clerk takes
// the day along online, works offline (the service worker serves the page after a reload), and
// everything goes up once when the connection is back — also when a sync is cut off after the
// server committed, and with a record the server refuses, which stays on the device with its reason.

test.use({ viewport: { width: 1024, height: 768 }, isMobile: false, hasTouch: true, deviceScaleFactor: 1 });
// Offline, the device waits for its next reachability check (every 5 s) before it syncs again.
test.setTimeout(120_000);

const PIN = "202603";
const HAN = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥春夏秋冬梅兰竹菊";

/** A name no other test uses: 村 and four random characters. */
function uniqueName() {
  return `村${Array.from({ length: 4 }, () => HAN[randomInt(0, HAN.length)]).join("")}`;
}

function uniqueIdNumber() {
  const first17 = `33018519${randomInt(50, 99)}0${randomInt(1, 9)}1${randomInt(0, 9)}${String(randomInt(0, 1000)).padStart(3, "0")}`;
  return first17 + idNumberCheckChar(first17);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A village item's slot, picked at random among those with room (specs running beside this one
 * book the same days), and `n` bookings on it; a slot that fills meanwhile is left for the next.
 */
async function villageDayWithBookings(request: APIRequestContext, n: number): Promise<Day> {
  for (const service of await items(request, "village")) {
    const detail = (await (await request.get(`/api/v1/services/${service}`)).json()) as {
      name: string;
      materials: { name: string; required: boolean }[];
    };
    if (!detail.materials.some((m) => m.required)) continue;
    const slots = (await slotsOf(request, service, "village", { days: 21 })).filter((s) => s.remaining >= n + 1);
    for (const slot of slots.sort(() => Math.random() - 0.5)) {
      const bookings: Day["bookings"] = [];
      for (let i = 0; i < n; i++) {
        const phone = uniquePhone();
        const response = await request.post("/api/v1/bookings", {
          data: {
            service,
            slotId: slot.id,
            name: "测试群众",
            phone,
            phoneCode: await requestPhoneCode(request, phone),
          },
        });
        if (response.status() === 409) break;
        expect(response.status(), await response.text()).toBe(201);
        bookings.push({ ...((await response.json()) as { code: string }), phoneRaw: phone });
      }
      if (bookings.length === n) return { service, slot, ...detail, bookings };
    }
  }
  throw new Error(`no village slot with ${n} free seats`);
}

interface Day {
  service: string;
  name: string;
  materials: { name: string; required: boolean }[];
  slot: Slot;
  bookings: { code: string; phoneRaw: string }[];
}

/** Sign in, open /village and take the slot's visit along under PIN. */
async function takeAlong(page: Page, clerk: Account, day: Day) {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(clerk.username);
  await page.getByLabel("密码").fill(clerk.password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto("/village");
  await page.getByRole("radio", { name: new RegExp(`${day.slot.date} ${day.slot.villageName}`) }).check();
  await page.getByLabel("设置 PIN").fill(PIN);
  await page.getByLabel("再次输入 PIN").fill(PIN);
  await page.getByRole("button", { name: "带走当天数据" }).click();
  await expect(page.getByText("已带走当天数据，本页面可离线使用")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("server-state")).toHaveText("服务器可连接");
}

/** Offline, reload: the service worker serves the page; the PIN opens the day. */
async function goOfflineAndReload(page: Page, context: BrowserContext) {
  await context.setOffline(true);
  await page.reload();
  await page.getByLabel("PIN").fill(PIN);
  await page.getByRole("button", { name: "解锁" }).click();
  await expect(page.getByTestId("server-state")).toHaveText("离线：无法连接服务器");
}

async function takeIn(
  page: Page,
  day: Day,
  applicant: { name: string; phone: string; idNumber: string; bookingCode?: string; leaveOut?: string },
) {
  const form = page.getByRole("region", { name: "受理办件" });
  await form.getByLabel("办理事项").selectOption(day.service);
  await form.getByLabel("申请人姓名").fill(applicant.name);
  await form.getByLabel("手机号码").fill(applicant.phone);
  await form.getByLabel("身份证号码").fill(applicant.idNumber);
  if (applicant.bookingCode) await form.getByLabel("预约码（有预约时填写）").fill(applicant.bookingCode);
  for (const m of day.materials)
    if (m.name !== applicant.leaveOut) await form.getByLabel(new RegExp(`^${escapeRegExp(m.name)}`)).check();
  await form.getByRole("button", { name: "受理（存本机）" }).click();
  await expect(form.getByText(`已受理（存本机，待上传）：${applicant.name}`)).toBeVisible();
}

test("a village day offline: check-ins, three cases with a printed notice, a poor rating; a cut-off sync doubles nothing", async ({
  page,
  context,
  request,
  hall,
  playwright,
  baseURL,
}, testInfo) => {
  const day = await villageDayWithBookings(request, 2);
  await takeAlong(page, hall.clerk, day);
  await page.screenshot({ path: testInfo.outputPath("village-1024x768-online.png"), fullPage: true });
  await goOfflineAndReload(page, context);

  // Two check-ins.
  for (const booking of day.bookings) {
    await page.getByRole("button", { name: `签到 测试群众 ${booking.code}` }).click();
    await expect(page.getByTestId(`booking-${booking.code}`)).toContainText("已签到");
  }

  // Three cases: the first booking's, a walk-in missing a required material, and a walk-in.
  const people = [0, 1, 2].map(() => ({ name: uniqueName(), phone: uniquePhone(), idNumber: uniqueIdNumber() }));
  const required = day.materials.find((m) => m.required)!.name;
  await takeIn(page, day, { ...people[0], bookingCode: day.bookings[0].code });
  await takeIn(page, day, { ...people[1], leaveOut: required });
  const notice = page.getByTestId("supplement-notice");
  await expect(notice).toContainText("一次性告知书");
  await expect(notice).toContainText(people[1].name);
  await expect(notice.getByRole("listitem")).toContainText([required]);
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => void ((window as unknown as { printed: number }).printed += 1);
  });
  await notice.getByRole("button", { name: "打印告知书" }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await notice.getByRole("button", { name: "关闭" }).click();
  await takeIn(page, day, people[2]);

  // A poor rating of the first case, with its reason.
  const rating = page.getByRole("region", { name: "好差评" });
  await rating.getByLabel("评价的办件").selectOption({ label: `${people[0].name} · ${day.name}` });
  await rating.getByRole("radio", { name: "不满意", exact: true }).check();
  await rating.getByRole("checkbox", { name: "效率" }).check();
  await rating.getByLabel("意见（可不填）").fill("排队太久");
  await rating.getByRole("button", { name: "保存评价" }).click();
  await expect(rating.getByText("评价已保存（存本机，待上传）")).toBeVisible();
  await expect(page.getByTestId("pending-count")).toHaveText("6 条待上传");
  await page.screenshot({ path: testInfo.outputPath("village-1024x768-offline.png"), fullPage: true });
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.screenshot({ path: testInfo.outputPath("village-768x1024-offline.png"), fullPage: true });

  // Back online: the first case's answer is cut off after the server committed it.
  let cut = 0;
  await page.route("**/api/v1/village/records", async (route) => {
    const body = route.request().postDataJSON() as { kind: string };
    if (cut === 0 && body.kind === "case") {
      cut += 1;
      await route.fetch(); // the server takes it in and answers…
      await route.abort("connectionreset"); // …and the device never hears it.
      return;
    }
    await route.continue();
  });
  await context.setOffline(false);
  await expect(page.getByTestId("pending-count")).toHaveText("0 条待上传", { timeout: 60_000 });
  expect(cut).toBe(1);
  await expect(page.getByTestId("server-state")).toHaveText("服务器可连接");
  const shown = await page.getByTestId("village-record").filter({ hasText: "受理" }).allTextContents();
  const caseNos = shown.map((t) => /办件号 ([A-Z]+\d{10})/.exec(t)?.[1]);
  expect(caseNos).toHaveLength(3);
  expect(caseNos.every(Boolean)).toBe(true);

  // On the server: exactly those three cases, once each, channel village, with the device's numbers.
  const clerkApi = await playwright.request.newContext(sameOrigin(baseURL!));
  await signInApi(clerkApi, hall.clerk.username, hall.clerk.password);
  const found: { caseNo: string; channel: string; status: string }[] = [];
  for (const person of people) {
    const { cases } = (await (await clerkApi.get(`/api/v1/cases?q=${encodeURIComponent(person.name)}`)).json()) as {
      cases: { caseNo: string; channel: string; status: string; applicantName: string }[];
    };
    expect(cases, person.name).toHaveLength(1);
    expect(cases[0].channel).toBe("village");
    found.push(cases[0]);
  }
  expect(found.map((c) => c.caseNo).sort()).toEqual([...caseNos].sort());
  expect(found[1].status).toBe("needs_supplement");

  // The bookings are checked in (the first one also served: its case was taken in).
  const visits = (await (await clerkApi.get("/api/v1/village/visits")).json()) as {
    visits: { id: number; date: string; village: { name: string } }[];
  };
  const visit = visits.visits.find((v) => v.date === day.slot.date && v.village.name === day.slot.villageName)!;
  const { bookings } = (await (await clerkApi.get(`/api/v1/village/visits/${visit.id}`)).json()) as {
    bookings: { code: string; status: string }[];
  };
  const statusOf = (code: string) => bookings.find((b) => b.code === code)?.status;
  expect(statusOf(day.bookings[0].code)).toBe("completed");
  expect(statusOf(day.bookings[1].code)).toBe("checked_in");
  await clerkApi.dispose();

  // The rating of 2 opened a follow-up on the first case.
  const admin = await playwright.request.newContext(sameOrigin(baseURL!));
  await signInApi(admin, "admin");
  const { followUps } = (await (await admin.get("/api/v1/follow-ups?state=open")).json()) as {
    followUps: { caseNo: string | null; level: number; reasons: string[] }[];
  };
  expect(followUps.filter((f) => f.caseNo === found[0].caseNo)).toEqual([
    expect.objectContaining({ level: 2, reasons: ["效率"] }),
  ]);
  await admin.dispose();

  // Everything synced: the clerk ends the day and the device is wiped.
  await page.getByRole("button", { name: "结束并清除本机数据" }).click();
  await expect(page.getByText("下村日已结束，本机数据已全部清除。")).toBeVisible();
  const left = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const req = indexedDB.open("yichuang-village");
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction(["meta", "records"]);
          let n = 0;
          tx.objectStore("meta").count().onsuccess = (e) => (n += (e.target as IDBRequest<number>).result);
          tx.objectStore("records").count().onsuccess = (e) => (n += (e.target as IDBRequest<number>).result);
          tx.oncomplete = () => resolve(n);
        };
      }),
  );
  expect(left).toBe(0);
});

test("a record the server refuses stays on the device with its reason, and the rest goes through", async ({
  page,
  context,
  request,
  hall,
}) => {
  const day = await villageDayWithBookings(request, 2);
  await takeAlong(page, hall.clerk, day);
  await goOfflineAndReload(page, context);
  for (const booking of day.bookings) await page.getByRole("button", { name: `签到 测试群众 ${booking.code}` }).click();
  // The window's checks on the device: an ID number with a wrong check digit is refused at once.
  const form = page.getByRole("region", { name: "受理办件" });
  await form.getByLabel("办理事项").selectOption(day.service);
  await form.getByLabel("申请人姓名").fill("村错号");
  await form.getByLabel("手机号码").fill(uniquePhone());
  await form.getByLabel("身份证号码").fill("330185195001011230");
  await form.getByRole("button", { name: "受理（存本机）" }).click();
  await expect(form.getByText("身份证号码不正确，请核对后重新填写")).toBeVisible();
  const person = { name: uniqueName(), phone: uniquePhone(), idNumber: uniqueIdNumber() };
  await takeIn(page, day, person);
  await expect(page.getByTestId("pending-count")).toHaveText("3 条待上传");
  // A walk-in takes a number in the local list (sealed on the device too).
  const walkIns = page.getByRole("region", { name: "现场排队（未预约）" });
  await walkIns.getByLabel("群众姓名").fill("村排队");
  await walkIns.getByRole("button", { name: "排号" }).click();
  await expect(walkIns.getByText("村01 村排队")).toBeVisible();

  // Meanwhile the second villager cancelled the booking (from their phone, which has a signal).
  const cancelled = day.bookings[1];
  const response = await request.post(`/api/v1/bookings/${cancelled.code}/cancel`, {
    data: { phone: cancelled.phoneRaw },
  });
  expect(response.status(), await response.text()).toBe(200);

  await context.setOffline(false);
  await expect(page.getByTestId("pending-count")).toHaveText("0 条待上传，1 条被退回", { timeout: 60_000 });
  const refusedRecord = page.locator('[data-testid="village-record"][data-state="refused"]');
  await expect(refusedRecord).toContainText(`预约码 ${cancelled.code}`);
  await expect(refusedRecord.getByTestId("refusal-reason")).toHaveText("退回原因：该预约已被取消，不能签到");
  await expect(page.locator('[data-testid="village-record"][data-state="synced"]')).toHaveCount(2);
  await expect(page.getByRole("button", { name: "结束并清除本机数据" })).toBeDisabled();

  // Still there after a reload, until the clerk discards it.
  await page.reload();
  await page.getByLabel("PIN").fill(PIN);
  await page.getByRole("button", { name: "解锁" }).click();
  await expect(refusedRecord.getByTestId("refusal-reason")).toHaveText("退回原因：该预约已被取消，不能签到");
  await expect(walkIns.getByText("村01 村排队")).toBeVisible();
  page.once("dialog", (dialog) => void dialog.accept());
  await refusedRecord.getByRole("button", { name: "删除" }).click();
  await expect(refusedRecord).toHaveCount(0);
  await expect(page.getByRole("button", { name: "结束并清除本机数据" })).toBeEnabled();
});
