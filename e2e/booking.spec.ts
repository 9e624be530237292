import type { APIRequestContext, Page } from "@playwright/test";
import { book, items, slotsOf, uniquePhone } from "./booking-support";
import { expect, expectNoHorizontalScroll, formAlert, signIn, test } from "./fixtures";

// The villager's booking flow on a phone, through each channel, and everything around it.

/**
 * An item and one of its slots on the channel with at least `seats` free. Specs that fill a slot
 * pass `pick: "random"`: a random slot from the first item's list, never on its last day (which
 * "a day the hall closes" closes), so that parallel specs and repeats of one spec do not meet.
 */
async function itemWithSlot(
  request: APIRequestContext,
  channel: string,
  seats = 2,
  pick: "first" | "random" = "first",
) {
  for (const service of await items(request, channel)) {
    const slots = (await slotsOf(request, service, channel)).filter((s) => s.remaining >= seats);
    const lastDay = slots.at(-1)?.date;
    const candidates = pick === "random" ? slots.filter((s) => s.date !== lastDay) : slots;
    const slot = pick === "random" ? candidates[Math.floor(Math.random() * candidates.length)] : candidates[0];
    if (slot) return { service, slot };
  }
  throw new Error(`no ${channel} slot with ${seats} free seats`);
}

/** Name and phone, then 获取验证码: in demo mode the page shows the code, which is typed in. */
async function fillBookingForm(page: Page, name: string, phone: string) {
  await page.getByLabel("姓名").fill(name);
  await page.getByLabel("手机号码").fill(phone);
  await page.getByRole("button", { name: "获取验证码" }).click();
  const shown = page.getByTestId("demo-phone-code");
  await expect(shown).toContainText(/\d{6}/);
  const code = /(\d{6})/.exec((await shown.textContent()) ?? "")![1];
  await expect(page.getByRole("button", { name: /秒后重发/ })).toBeDisabled();
  await page.getByLabel("短信验证码").fill(code);
}

async function chooseFirstOpenDayAndSlot(page: Page) {
  await page.getByTestId("day-list").locator('[data-state="open"] a').first().click();
  await page.getByTestId("slot").first().click();
}

test.describe("booking on a phone", () => {
  test("books the hall window: code, QR code, materials and a calendar file", async ({ page }) => {
    await page.goto("/services/YBJ-001");
    await page.getByRole("link", { name: "预约办理" }).click();
    await page.getByRole("link", { name: /服务中心窗口/ }).click();
    await chooseFirstOpenDayAndSlot(page);
    await expect(page.getByTestId("booking-summary")).toContainText("城乡居民基本医疗保险参保登记");
    await fillBookingForm(page, "王阿婆", uniquePhone());
    await page.getByRole("button", { name: "确认预约" }).click();
    await expect(page).toHaveURL(/\/booking\/[2-9A-Z]{6}\?done=booked/);
    await expect(page.getByTestId("booking-status")).toHaveText("预约成功");
    const code = (await page.getByTestId("booking-code").textContent())!.trim();
    await expect(page.getByRole("img", { name: `预约码 ${code} 的二维码` })).toBeVisible();
    await expect(page.getByText("请带齐这些材料")).toBeVisible();
    const ics = await page.request.get(`/booking/${code}/calendar.ics`);
    expect(ics.headers()["content-type"]).toContain("text/calendar");
    const text = await ics.text();
    expect(text).toContain("BEGIN:VEVENT");
    expect(text).toContain(code);
  });

  test("books a weekend post in elder mode: big text and big targets", async ({ page, request }) => {
    const { service } = await itemWithSlot(request, "weekend");
    await page.goto(`/book/${service}`);
    await page.getByRole("button", { name: "长辈模式" }).click();
    await expect(page.getByRole("button", { name: "标准模式" })).toBeVisible();
    const fontSize = await page.locator("[data-elder]").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(20);
    const weekend = page.getByRole("link", { name: /周末服务岗/ });
    expect((await weekend.boundingBox())!.height).toBeGreaterThanOrEqual(60);
    await weekend.click();
    await chooseFirstOpenDayAndSlot(page);
    const nameBox = await page.getByLabel("姓名").boundingBox();
    expect(nameBox!.height).toBeGreaterThanOrEqual(60);
    const codeButton = await page.getByRole("button", { name: "获取验证码" }).boundingBox();
    expect(codeButton!.height).toBeGreaterThanOrEqual(60);
    await fillBookingForm(page, "李阿公", uniquePhone());
    await expectNoHorizontalScroll(page);
    await page.getByRole("button", { name: "确认预约" }).click();
    await expect(page.getByTestId("booking-status")).toHaveText("预约成功");
    await expect(page.getByTestId("booking-time")).toContainText(/周[六日]/);
  });

  test("books with the SMS code the admin's outbox shows; without a code, or with it a second time, it is refused", async ({
    page,
    request,
  }) => {
    const { service, slot } = await itemWithSlot(request, "window", 2, "random");
    const phone = uniquePhone();
    const data = { service, slotId: slot.id, name: "验证码测试", phone };
    const without = await request.post("/api/v1/bookings", { data });
    expect(without.status()).toBe(422);
    expect(await without.json()).toMatchObject({
      code: "phone_code_required",
      message: expect.stringContaining("验证码"),
    });

    expect((await request.post("/api/v1/phone-codes", { data: { phone } })).status()).toBe(202);
    await signIn(page, "admin");
    await expect(page).not.toHaveURL(/\/login/);
    await page.goto("/admin/outbox");
    const row = page
      .getByTestId("outbox")
      .getByRole("row")
      .filter({ hasText: `${phone.slice(0, 3)}****${phone.slice(-4)}` })
      .filter({ hasText: "验证码是" })
      .first();
    await expect(row).toContainText("验证码");
    const phoneCode = /验证码是 (\d{6})/.exec((await row.textContent()) ?? "")?.[1];
    expect(phoneCode).toMatch(/^\d{6}$/);

    const booked = await request.post("/api/v1/bookings", { data: { ...data, phoneCode } });
    expect(booked.status(), await booked.text()).toBe(201);
    const again = await request.post("/api/v1/bookings", { data: { ...data, phoneCode } });
    expect(again.status()).toBe(422);
    expect((await again.json()).code).toBe("phone_code_expired");
  });

  test("books a Tuesday village day in the villager's own village", async ({ page, request }) => {
    const { service, slot } = await itemWithSlot(request, "village", 1);
    await page.goto(`/book/${service}`);
    await page.getByRole("link", { name: /周二主题下村日/ }).click();
    await page.locator(`a[href*="village=${slot.villageId}"]`).first().click();
    await chooseFirstOpenDayAndSlot(page);
    await expect(page.getByTestId("booking-summary")).toContainText("主题");
    await fillBookingForm(page, "张大伯", uniquePhone());
    await page.getByRole("button", { name: "确认预约" }).click();
    await expect(page.getByTestId("booking-status")).toHaveText("预约成功");
    await expect(page.getByTestId("booking-time")).toContainText("周二");
  });

  test("finds a lost booking code by the phone and the SMS code, and opens the booking from the list", async ({
    page,
    request,
  }) => {
    // A phone gets its next code a minute after the last one: the booking used one just now.
    test.setTimeout(150_000);
    const { service, slot } = await itemWithSlot(request, "window", 2, "random");
    const booked = await book(request, service, slot.id);
    await page.goto("/lookup");
    const byPhone = page.locator("#by-phone");
    await byPhone.getByLabel("手机号码", { exact: true }).fill(booked.phoneRaw);
    await byPhone.getByRole("button", { name: "获取验证码" }).click();
    await expect(byPhone.getByRole("alert")).toContainText("秒后再重新获取");
    await expect(byPhone.getByRole("button", { name: "获取验证码" })).toBeEnabled({ timeout: 75_000 });
    await byPhone.getByRole("button", { name: "获取验证码" }).click();
    const phoneCode = await byPhone.getByTestId("demo-phone-code").locator("strong").textContent();
    await byPhone.getByLabel("短信验证码").fill(phoneCode ?? "");
    await byPhone.getByRole("button", { name: "查找我的预约" }).click();
    const found = page.getByTestId("found-bookings");
    await expect(found).toContainText("找到 1 个预约");
    await expect(found).toContainText(booked.code);
    await expectNoHorizontalScroll(page);
    await found.getByRole("link").first().click();
    await expect(page).toHaveURL(new RegExp(`/booking/${booked.code}$`));
    await expect(page.getByTestId("booking-status")).toHaveText("预约成功");
  });

  test("looks a booking up by code and phone, reschedules it under the same code, then cancels it", async ({
    page,
    request,
  }) => {
    const { service, slot } = await itemWithSlot(request, "window", 2);
    const booking = await book(request, service, slot.id);
    await page.goto("/lookup");
    await page.getByLabel("预约码", { exact: true }).fill(booking.code);
    await page.getByLabel("预约时填写的手机号码").fill("13900000000");
    await page.getByRole("button", { name: "查询预约" }).click();
    await expect(formAlert(page)).toContainText("没有找到预约");
    await page.getByLabel("预约时填写的手机号码").fill(booking.phoneRaw);
    await page.getByRole("button", { name: "查询预约" }).click();
    await expect(page.getByTestId("booking-code")).toHaveText(booking.code);
    const before = await page.getByTestId("booking-time").textContent();

    await page.getByRole("link", { name: "改约时间" }).click();
    const days = page.getByTestId("day-list").locator('[data-state="open"] a');
    await days.nth(1).click();
    await page.getByTestId("slot").last().click();
    await page.getByRole("button", { name: "确认改到这个时间" }).click();
    await expect(page).toHaveURL(new RegExp(`/booking/${booking.code}\\?done=rescheduled`));
    await expect(page.getByTestId("booking-code")).toHaveText(booking.code);
    expect(await page.getByTestId("booking-time").textContent()).not.toBe(before);

    await page.getByRole("link", { name: "取消预约" }).click();
    await page.getByRole("button", { name: "确认取消预约" }).click();
    await expect(page.getByTestId("booking-status")).toHaveText("已取消");
    const api = await request.get(`/api/v1/bookings/${booking.code}?phone=${booking.phoneRaw}`);
    expect((await api.json()).status).toBe("cancelled");
  });

  test("a slot that fills up meanwhile gets a clear message, keeps what was typed and offers the waitlist", async ({
    page,
    request,
  }) => {
    const { service, slot } = await itemWithSlot(request, "window", 1, "random");
    await page.goto(`/book/${service}/confirm?slot=${slot.id}`);
    await fillBookingForm(page, "赵阿姨", "13712345678");
    for (let i = 0; i < slot.remaining; i++) await book(request, service, slot.id);
    await page.getByRole("button", { name: "确认预约" }).click();
    await expect(formAlert(page)).toContainText("该时段已约满");
    await expect(page.getByLabel("姓名")).toHaveValue("赵阿姨");
    await expect(page.getByLabel("手机号码")).toHaveValue("13712345678");
    await expect(formAlert(page).getByRole("link", { name: "登记候补" })).toBeVisible();
  });

  test("the waitlist takes a freed seat and the villager is told by SMS", async ({
    page,
    request,
    browser,
    baseURL,
  }) => {
    const { service, slot } = await itemWithSlot(request, "window", 1, "random");
    const holders = [];
    for (let i = 0; i < slot.remaining; i++) holders.push(await book(request, service, slot.id));
    await page.goto(`/book/${service}?channel=window&date=${slot.date}`);
    // By the slot's id: another spec may have filled another slot at the same time of that day.
    const full = page.getByTestId("slot-full").locator(`a[href*="slot=${slot.id}&waitlist=1"]`);
    await expect(full).toHaveText("登记候补");
    await full.click();
    const phone = uniquePhone();
    await fillBookingForm(page, "候补大叔", phone);
    await page.getByRole("button", { name: "登记候补" }).click();
    await expect(page.getByTestId("waitlist-done")).toContainText("第 1 位");

    const cancelled = await request.post(`/api/v1/bookings/${holders[0].code}/cancel`, {
      data: { phone: holders[0].phoneRaw },
    });
    expect(cancelled.status()).toBe(200);

    // The admin's outbox holds the SMS with the new code; the villager looks it up with it.
    const admin = await browser.newContext({ baseURL });
    const adminPage = await admin.newPage();
    await signIn(adminPage, "admin");
    await expect(adminPage).toHaveURL(/\/admin$/);
    await adminPage.goto("/admin/outbox");
    const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`;
    const row = adminPage.getByTestId("outbox").locator("tr", { hasText: masked }).filter({ hasText: "候补成功" });
    await expect(row).toBeVisible();
    const code = (await row.textContent())!.match(/预约码 ([2-9A-Z]{6})/)![1];
    await admin.close();
    const found = await request.get(`/api/v1/bookings/${code}?phone=${phone}`);
    expect(found.status()).toBe(200);
    expect(await found.json()).toMatchObject({ status: "confirmed", name: "候补大叔", slot: { id: slot.id } });
  });

  test("a public holiday is named, not listed as a day to choose, and has no slots", async ({ page }) => {
    await page.goto("/book/YBJ-001?channel=window");
    const closures = page.getByTestId("closures");
    await expect(closures).toContainText(/（(元旦|春节|清明节|劳动节|端午节|中秋节|国庆节)）/);
    const text = (await closures.textContent()) ?? "";
    const [, month, day] = /(\d+)月(\d+)日[^；]*（(?:元旦|春节|清明节|劳动节|端午节|中秋节|国庆节)）/.exec(text)!;
    const today = new Date(Date.now() + 8 * 3_600_000);
    const year = today.getUTCFullYear() + (Number(month) < today.getUTCMonth() + 1 ? 1 : 0);
    const date = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
    await expect(page.getByTestId("day-list").locator(`[data-date="${date}"]`)).toHaveCount(0);
    const api = await page.request.get(`/api/v1/availability?service=YBJ-001&from=${date}&to=${date}`);
    expect((await api.json()).slots).toEqual([]);
  });

  test("a day the hall closes disappears from booking at once", async ({ page, browser, baseURL, request }) => {
    const service = (await items(request, "window"))[0];
    // The last day of the list, far from the days the other specs book on.
    const slot = (await slotsOf(request, service, "window")).at(-1)!;
    const admin = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
    const adminPage = await admin.newPage();
    await signIn(adminPage, "admin");
    await expect(adminPage).toHaveURL(/\/admin$/);
    await adminPage.goto("/admin/calendar");
    const form = adminPage.getByRole("form", { name: "节假日调整" });
    await form.getByLabel("日期").fill(slot.date);
    await form.getByLabel("这一天").selectOption("0");
    await form.getByLabel("原因（群众可见）").fill("防汛值守");
    await form.getByRole("button", { name: "保存", exact: true }).click();
    // Another spec's booking that day: the count is shown first, and confirmed.
    const confirm = form.getByRole("button", { name: /确认保存/ });
    await expect(form.getByRole("status").or(confirm)).toBeVisible();
    if (await confirm.isVisible()) await confirm.click();
    await expect(form.getByRole("status")).toContainText("已保存");
    await admin.close();
    await page.goto(`/book/${service}?channel=window`);
    await expect(page.getByTestId("day-list").locator(`[data-date="${slot.date}"]`)).toHaveCount(0);
    await expect(page.getByTestId("closures")).toContainText("（防汛值守）");
  });
});

/** A valid resident ID number (GB 11643 check digit), born in the 1940s as a parent might be. */
function parentIdNumber() {
  const day = String(1 + Math.floor(Math.random() * 28)).padStart(2, "0");
  const month = String(1 + Math.floor(Math.random() * 12)).padStart(2, "0");
  const first17 = `330185194${Math.floor(Math.random() * 10)}${month}${day}${String(Math.floor(Math.random() * 1000)).padStart(3, "0")}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((s, w, i) => s + w * Number(first17[i]), 0);
  return first17 + "10X98765432"[sum % 11];
}

/** An SMS code for a phone that just had one: asked again once the phone's wait is over. */
async function nextPhoneCode(request: APIRequestContext, phone: string): Promise<string> {
  for (;;) {
    const response = await request.post("/api/v1/phone-codes", { data: { phone } });
    if (response.status() === 202) return (await response.json()).demoCode;
    expect(response.status(), await response.text()).toBe(429);
    await new Promise((r) => setTimeout(r, (Number(response.headers()["retry-after"] ?? 5) + 1) * 1000));
  }
}

/** 获取验证码 on the page, waiting out the phone's resend wait when it is refused. */
async function typePhoneCode(page: Page) {
  const button = page.getByRole("button", { name: "获取验证码" });
  const shown = page.getByTestId("demo-phone-code");
  await button.click();
  await expect(shown.or(page.getByText("秒后再重新获取"))).toBeVisible();
  if (!(await shown.isVisible())) {
    await expect(button).toBeEnabled({ timeout: 30_000 });
    await button.click();
  }
  await expect(shown).toContainText(/\d{6}/);
  const code = /(\d{6})/.exec((await shown.textContent()) ?? "")![1];
  await page.getByLabel("短信验证码").fill(code);
}

/** The form's 代办 part: the applicant's name and ID number, the booker's name and phone. */
async function fillForParent(page: Page, parent: { name: string; idNumber: string }, phone: string) {
  await page.getByRole("radio", { name: "帮家人或他人预约（代办）" }).check();
  await page.getByLabel("申请人姓名").fill(parent.name);
  await page.getByLabel("申请人身份证号码").fill(parent.idNumber);
  await page.getByLabel("代办人姓名（您本人）").fill("张小明");
  await page.getByLabel("代办人手机号码").fill(phone);
  await typePhoneCode(page);
}

test.describe("booking for someone else (代办) on a phone", () => {
  test("a child books the same item and day for both parents with one phone, finds both by phone, and a sixth booking is told which five fill the phone's quota", async ({
    page,
    request,
  }) => {
    // One phone asks for seven SMS codes; the e2e servers let it have the next one after 15 s.
    test.setTimeout(300_000);
    const { service, slot } = await itemWithSlot(request, "window", 2, "random");
    const phone = uniquePhone();
    const parents = [
      { name: "张德福", idNumber: parentIdNumber() },
      { name: "李桂英", idNumber: parentIdNumber() },
    ];
    const codes: string[] = [];
    for (const parent of parents) {
      await page.goto(`/book/${service}/confirm?slot=${slot.id}`);
      await fillForParent(page, parent, phone);
      await page.getByRole("button", { name: "确认预约" }).click();
      await expect(page).toHaveURL(/\/booking\/[2-9A-Z]{6}\?done=booked/);
      await expect(page.getByTestId("booking-applicant")).toHaveText(parent.name);
      await expect(page.getByText("张小明")).toBeVisible();
      await expect(page.getByText(/代办人居民身份证及授权委托书/)).toBeVisible();
      await expect(page.getByTestId("agent-advice")).toBeVisible();
      codes.push((await page.getByTestId("booking-code").textContent())!.trim());
    }

    // Both are found by the booker's phone with the SMS code from the outbox (demo mode shows it).
    await page.goto("/lookup");
    const byPhone = page.locator("#by-phone");
    await byPhone.getByLabel("手机号码", { exact: true }).fill(phone);
    await byPhone.getByLabel("短信验证码").fill(await nextPhoneCode(request, phone));
    await byPhone.getByRole("button", { name: "查找我的预约" }).click();
    const found = page.getByTestId("found-bookings");
    await expect(found).toContainText("找到 2 个预约");
    for (const code of codes) await expect(found).toContainText(code);
    await expect(found).toContainText("申请人 张*福");
    await expect(found).toContainText("申请人 李*英");
    await expectNoHorizontalScroll(page);

    // Three more for the family make five; the sixth is over the phone's ceiling.
    for (const name of ["张小红", "张小刚", "王秀兰"]) {
      const other = await itemWithSlot(request, "window", 1, "random");
      const response = await request.post("/api/v1/bookings", {
        data: {
          service: other.service,
          slotId: other.slot.id,
          name,
          idNumber: parentIdNumber(),
          agentName: "张小明",
          phone,
          phoneCode: await nextPhoneCode(request, phone),
        },
      });
      expect(response.status(), await response.text()).toBe(201);
      codes.push((await response.json()).code);
    }
    const sixth = await itemWithSlot(request, "window", 1, "random");
    await page.goto(`/book/${sixth.service}/confirm?slot=${sixth.slot.id}`);
    await fillForParent(page, { name: "赵阿姨", idNumber: parentIdNumber() }, phone);
    await page.getByRole("button", { name: "确认预约" }).click();
    const alert = formAlert(page);
    await expect(alert).toContainText("最多同时保留 5 个");
    const listed = page.getByTestId("quota-bookings");
    await expect(listed.getByRole("link", { name: /预约码/ })).toHaveCount(5);
    for (const code of codes) await expect(listed).toContainText(code);
    await expect(listed).toContainText("申请人 张*福");
    await expect(listed.getByRole("link", { name: "用手机号查看已有预约" })).toBeVisible();
    await expectNoHorizontalScroll(page);
    // A listed booking opens at once: the SMS code of this attempt proved the phone.
    await listed.getByRole("link", { name: new RegExp(codes[0]) }).click();
    await expect(page.getByTestId("booking-code")).toHaveText(codes[0]);
  });
});
