import type { APIRequestContext, Page } from "@playwright/test";
import { expect, requestPhoneCode } from "./fixtures";

// The villager's side of booking, shared by the booking specs: items, slots and bookings through
// the public API, and opening one's own booking card as a villager does.

export function uniquePhone() {
  return `1${3 + Math.floor(Math.random() * 7)}${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;
}

export interface Slot {
  id: number;
  channel: string;
  date: string;
  start: string;
  remaining: number;
  location: string;
  villageId?: string;
  villageName?: string;
}

/** Today in Shanghai, and `days` later. */
export function shanghaiDay(days = 0) {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

export async function items(request: APIRequestContext, channel: string): Promise<string[]> {
  const body = await (await request.get(`/api/v1/services?channel=${channel}`)).json();
  return body.items.filter((i: { bookable: boolean }) => i.bookable).map((i: { code: string }) => i.code);
}

/** The item's slots on the channel from today for `days` days (asked 62 days at a time, the API's most). */
export async function slotsOf(
  request: APIRequestContext,
  service: string,
  channel: string,
  options: { days?: number; village?: string } = {},
): Promise<Slot[]> {
  const village = options.village ? `&village=${options.village}` : "";
  const slots: Slot[] = [];
  const days = options.days ?? 20;
  for (let start = 0; start <= days; start += 63) {
    const response = await request.get(
      `/api/v1/availability?service=${service}&from=${shanghaiDay(start)}&to=${shanghaiDay(Math.min(start + 62, days))}&channel=${channel}${village}`,
    );
    expect(response.status(), await response.text()).toBe(200);
    slots.push(...(await response.json()).slots);
  }
  return slots;
}

export async function book(request: APIRequestContext, service: string, slotId: number, phone = uniquePhone()) {
  const phoneCode = await requestPhoneCode(request, phone);
  const response = await request.post("/api/v1/bookings", {
    data: { service, slotId, name: "测试群众", phone, phoneCode },
  });
  expect(response.status(), await response.text()).toBe(201);
  return { ...(await response.json()), phoneRaw: phone };
}

/** The villager's own booking card, opened by code and phone on the look-up page. */
export async function openOwnBooking(page: Page, booking: { code: string; phoneRaw: string }) {
  await page.goto("/lookup");
  await page.getByLabel("预约码", { exact: true }).fill(booking.code);
  await page.getByLabel("预约时填写的手机号码").fill(booking.phoneRaw);
  await page.getByRole("button", { name: "查询预约" }).click();
  await expect(page.getByTestId("booking-code")).toHaveText(booking.code);
}
