import { readdirSync } from "node:fs";
import path from "node:path";
import { request as requests, type BrowserContext, type Page } from "@playwright/test";
import { expect, requestPhoneCode, sameOrigin, signInApi } from "./fixtures";

// Every public page, for the specs that check a promise on all of them (accessibility.spec.ts,
// sizes.spec.ts). The list is not written by hand: the routes are read from app/(public), the
// pages are found by following the links from the home page (and from a booking, a case's track
// page and its rating page, which no link reaches), and the specs fail when a public route was
// not reached, so a new page is checked as soon as it exists.

const PUBLIC_DIR = path.join(process.cwd(), "app", "(public)");

/** The public page routes as patterns: `/book/[code]/confirm`, from app/(public)/**∕page.tsx. */
export function publicRoutes(dir = PUBLIC_DIR, prefix = ""): string[] {
  const routes: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name === "page.tsx") routes.push(prefix || "/");
    if (!entry.isDirectory() || entry.name.startsWith("_")) continue;
    // Route groups, (name), add no segment.
    const segment = /^\(.*\)$/.test(entry.name) ? "" : `/${entry.name}`;
    routes.push(...publicRoutes(path.join(dir, entry.name), prefix + segment));
  }
  return routes;
}

function routeRegExp(route: string) {
  const source = route.replace(/\[\[?\.\.\.[^\]]+\]\]?/g, ".+").replace(/\[[^\]]+\]/g, "[^/]+");
  return new RegExp(`^${source}$`);
}

/** The public route a path belongs to (the most specific pattern), or undefined. */
export function routeOf(pathname: string, routes: string[]): string | undefined {
  const matching = routes.filter((r) => routeRegExp(r).test(pathname));
  // A literal segment beats a [param]: fewer brackets first.
  return matching.sort((a, b) => (a.match(/\[/g)?.length ?? 0) - (b.match(/\[/g)?.length ?? 0))[0];
}

export interface PublicPage {
  url: string;
  route: string;
}

function uniquePhone() {
  return `1${3 + Math.floor(Math.random() * 7)}${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;
}

function uniqueIdNumber(): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const first17 = `330185${1940 + Math.floor(Math.random() * 40)}0${1 + Math.floor(Math.random() * 9)}1${Math.floor(Math.random() * 10)}${String(Math.floor(Math.random() * 1000)).padStart(3, "0")}`;
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return first17 + "10X98765432"[sum % 11];
}

/**
 * The pages no link reaches: a booking of this browser (made through the API, then looked up
 * with its code and phone, as a villager does, so that the browser holds it), a case's track page
 * and its rating page (the case taken in by the demo clerk through the API).
 */
async function seedPages(context: BrowserContext, baseURL: string): Promise<string[]> {
  const request = context.request;
  const services = (await (await request.get("/api/v1/services?channel=window")).json()) as {
    items: { code: string; bookable: boolean }[];
  };
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
  const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  let booked: { code: string; phone: string } | undefined;
  for (const item of services.items.filter((i) => i.bookable)) {
    const { slots } = (await (
      await request.get(`/api/v1/availability?service=${item.code}&from=${today}&to=${until}&channel=window`)
    ).json()) as { slots: { id: number; remaining: number }[] };
    const slot = slots.find((s) => s.remaining >= 2);
    if (!slot) continue;
    const phone = uniquePhone();
    const phoneCode = await requestPhoneCode(request, phone);
    const response = await request.post("/api/v1/bookings", {
      data: { service: item.code, slotId: slot.id, name: "无障碍测试", phone, phoneCode },
    });
    expect(response.status(), await response.text()).toBe(201);
    booked = { code: ((await response.json()) as { code: string }).code, phone };
    break;
  }
  expect(booked, "a hall slot to book").toBeTruthy();
  const page = await context.newPage();
  await page.goto(`/lookup?code=${booked!.code}`);
  await page.getByLabel("预约时填写的手机号码").fill(booked!.phone);
  await page.getByRole("button", { name: "查询预约" }).click();
  await expect(page).toHaveURL(new RegExp(`/booking/${booked!.code}`));
  await page.close();

  const clerk = await requests.newContext(sameOrigin(baseURL));
  await signInApi(clerk, "clerk4");
  const service = (await (await clerk.get("/api/v1/services/RSJ-001")).json()) as {
    materials: { name: string }[];
  };
  const made = await clerk.post("/api/v1/cases", {
    data: {
      service: "RSJ-001",
      name: "无障碍测试",
      phone: uniquePhone(),
      idNumber: uniqueIdNumber(),
      materials: { received: service.materials.map((m) => m.name), missing: [] },
    },
  });
  expect(made.status(), await made.text()).toBe(201);
  const taken = (await made.json()) as { caseNo: string; receipt: { rateUrl: string } };
  await clerk.dispose();
  const rate = new URL(taken.receipt.rateUrl, baseURL);

  // The slot picker of each channel, whatever the first item the crawl meets offers.
  const pickers: string[] = [];
  for (const channel of ["window", "weekend", "village"]) {
    const { items } = (await (await request.get(`/api/v1/services?channel=${channel}`)).json()) as {
      items: { code: string; bookable: boolean }[];
    };
    const item = items.find((i) => i.bookable);
    if (item) pickers.push(`/book/${item.code}?channel=${channel}`);
  }

  return [
    "/",
    ...pickers,
    `/booking/${booked!.code}?done=booked`,
    `/track?case=${taken.caseNo}`,
    `${rate.pathname}${rate.search}`,
  ];
}

/** Query keys whose value changes the kind of page (a village day lists villages), not only its data. */
const KIND_KEYS = new Set(["channel", "done", "waitlist"]);

/** The part of a URL that tells its kind of page: the route, the names of its query keys and the values of KIND_KEYS. */
function shapeOf(url: URL, route: string) {
  const keys = [...url.searchParams.keys()].sort();
  return `${route}?${keys.map((k) => (KIND_KEYS.has(k) ? `${k}=${url.searchParams.get(k)}` : k)).join("&")}`;
}

/**
 * Visits every public page in `context`, calling `check` on each, and follows the links it finds
 * to other public pages: one page per route and set of query keys (`/services?department=…` once,
 * `/book/[code]?channel=…&date=…` once), so every kind of page is seen and none twice.
 * Returns the pages visited.
 */
export async function crawlPublicPages(
  context: BrowserContext,
  baseURL: string,
  check: (page: Page, visited: PublicPage) => Promise<void>,
  { seeds }: { seeds?: string[] } = {},
): Promise<PublicPage[]> {
  const routes = publicRoutes();
  const queue = seeds ?? (await seedPages(context, baseURL));
  const seen = new Set<string>();
  const visited: PublicPage[] = [];
  const page = await context.newPage();
  const enqueue = (href: string) => {
    const url = new URL(href, baseURL);
    if (url.origin !== new URL(baseURL).origin) return;
    const route = routeOf(url.pathname, routes);
    if (!route) return;
    const shape = shapeOf(url, route);
    if (seen.has(shape)) return;
    seen.add(shape);
    queue.push(url.pathname + url.search);
  };
  const initial = queue.splice(0);
  for (const url of initial) enqueue(url);
  while (queue.length > 0) {
    const url = queue.shift()!;
    const response = await page.goto(url);
    expect(response?.status(), `${url} answers`).toBeLessThan(400);
    // Not "networkidle": the queue page keeps its event stream open.
    await page.waitForLoadState("load");
    const route = routeOf(new URL(page.url()).pathname, routes)!;
    visited.push({ url, route });
    await check(page, { url, route });
    const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    for (const href of hrefs) enqueue(href);
  }
  await page.close();
  return visited;
}

/** The routes of app/(public) that a crawl did not reach: a new page the specs would miss. */
export function unvisitedRoutes(visited: PublicPage[]): string[] {
  const reached = new Set(visited.map((v) => v.route));
  return publicRoutes().filter((r) => !reached.has(r));
}

/** Elder mode (长辈模式) on for the whole context, as the header's toggle sets it. */
export async function setElderMode(context: BrowserContext, baseURL: string, on: boolean) {
  await context.addCookies([{ name: "yc_elder", value: on ? "1" : "0", url: baseURL }]);
}
