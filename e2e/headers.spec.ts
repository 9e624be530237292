import type { APIResponse, BrowserContext, Page, Response } from "@playwright/test";
import { DEMO_PASSWORD, expect, signInApi, test } from "./fixtures";
import { desktop, staffPage } from "./hall-support";

// Safe to install (#10, Build §8): every page carries a CSP with a per-request nonce and the
// other security headers, and still works under it (no CSP violation in the console); the API
// refuses cross-origin writes with a session cookie and any body that is not application/json;
// bad input answers 4xx, never 500.

const EVIL = "http://evil.example";

/** Collects the CSP violations a page reports in its console (and its own page errors). */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text()))
      violations.push(message.text());
  });
  return violations;
}

function expectSecurityHeaders(response: APIResponse | Response | null | undefined, what: string) {
  expect(response, what).toBeTruthy();
  const headers = response!.headers();
  const csp = headers["content-security-policy"] ?? "";
  expect(csp, `${what}: CSP`).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/=_-]{16,}'/);
  expect(csp, `${what}: no unsafe-inline script`).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp, `${what}: frame-ancestors`).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"], `${what}: nosniff`).toBe("nosniff");
  expect(headers["referrer-policy"], `${what}: Referrer-Policy`).toBeTruthy();
  expect(headers["permissions-policy"], `${what}: Permissions-Policy`).toContain("camera=()");
  // Plain HTTP (no TLS, no trusted proxy saying https): no HSTS.
  expect(headers["strict-transport-security"], `${what}: no HSTS over http`).toBeUndefined();
  return csp;
}

async function visit(page: Page, path: string, expectUrl?: RegExp) {
  const response = await page.goto(path);
  if (expectUrl) await expect(page).toHaveURL(expectUrl);
  const csp = expectSecurityHeaders(response, path);
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  // Next.js put the same nonce on its own scripts.
  const scriptNonces = await page
    .locator("script[src]")
    .evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(scriptNonces.length, `${path}: scripts`).toBeGreaterThan(0);
  for (const n of scriptNonces) expect(n, `${path}: script nonce`).toBe(nonce);
  return nonce;
}

test.describe("security headers", () => {
  test.describe.configure({ timeout: 90_000 });

  test("public pages carry a nonce CSP, a new nonce per request, and work under it", async ({ page }) => {
    const violations = watchCsp(page);
    const first = await visit(page, "/");
    const second = await visit(page, "/");
    expect(second).not.toBe(first);
    await visit(page, "/services");
    await visit(page, "/book/YBJ-001");
    // The page works: the slot picker is interactive (hydrated under the CSP).
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await visit(page, "/queue");
    await page.waitForLoadState("networkidle");
    expect(violations).toEqual([]);
  });

  test("staff and device pages carry the headers and report no CSP violation", async ({ browser, baseURL, hall }) => {
    for (const [account, path] of [
      [hall.clerk, "/window"],
      [hall.kiosk, "/kiosk"],
      [hall.display, "/display"],
      [{ username: "manager", password: DEMO_PASSWORD }, "/reports"],
    ] as const) {
      const context: BrowserContext = await browser.newContext({ baseURL, ...desktop });
      const page = await staffPage(context, account, /\/(window|kiosk|display|reports)/);
      const violations = watchCsp(page);
      await visit(page, path, new RegExp(`${path}$`));
      await page.waitForTimeout(1_000);
      expect(violations, path).toEqual([]);
      await context.close();
    }
  });

  test("the API answers with nosniff and frame protection too", async ({ request }) => {
    const response = await request.get("/api/v1/services");
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    expect(response.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  });
});

test.describe("origins and content types", () => {
  test("a cross-origin POST with a session cookie is refused with 403 problem JSON; same origin works", async ({
    playwright,
    baseURL,
    hall,
  }) => {
    const api = await playwright.request.newContext({ baseURL });
    await signInApi(api, hall.kiosk.username, hall.kiosk.password);
    const data = { queue: hall.queue.prefix };

    const evil = await api.post("/api/v1/tickets", { data, headers: { origin: EVIL } });
    expect(evil.status()).toBe(403);
    expect(evil.headers()["content-type"]).toContain("application/problem+json");

    // The simple request a foreign page can send without a preflight.
    const simple = await api.post("/api/v1/tickets", {
      data: JSON.stringify(data),
      headers: { origin: EVIL, "content-type": "text/plain;charset=json" },
    });
    expect(simple.status()).toBe(403);

    // A cookie without any Origin is a browser we cannot vouch for.
    const noOrigin = await api.post("/api/v1/tickets", { data });
    expect(noOrigin.status()).toBe(403);

    const same = await api.post("/api/v1/tickets", { data, headers: { origin: baseURL! } });
    expect(same.status()).toBe(201);
    await api.dispose();
  });

  test("JSON endpoints take only application/json (415), parsed as a media type", async ({ request, baseURL }) => {
    for (const type of [
      "text/plain;charset=json",
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/jsonx",
    ]) {
      const response = await request.post("/api/v1/evaluations", {
        data: "{}",
        headers: { "content-type": type, origin: baseURL! },
      });
      expect(response.status(), type).toBe(415);
      expect(response.headers()["content-type"], type).toContain("application/problem+json");
    }
    const json = await request.post("/api/v1/evaluations", {
      data: "{}",
      headers: { "content-type": "Application/JSON; charset=utf-8", origin: baseURL! },
    });
    expect(json.status()).toBe(422); // read as JSON, then refused by the schema
  });
});

test.describe("bad input answers 4xx, never 500", () => {
  test("a NUL in the query of a page and of the API", async ({ request }) => {
    for (const path of ["/services?q=%00", "/api/v1/services?q=%00", "/backoffice?q=%00"]) {
      const response = await request.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBeGreaterThanOrEqual(300);
      expect(response.status(), path).toBeLessThan(500);
    }
    const page = await request.get("/services?q=a%00b");
    expect(page.status()).toBe(400);
    expect(await page.text()).toMatch(/[\u4e00-\u9fff]/);
  });

  test("malformed %-escapes in a path segment", async ({ request }) => {
    const api = await request.get("/api/v1/bookings/%E0%A4%A");
    expect(api.status()).toBe(400);
    expect(api.headers()["content-type"]).toContain("application/problem+json");
    const page = await request.get("/booking/%E0%A4%A");
    expect(page.status()).toBe(400);
    expect(await page.text()).toMatch(/[\u4e00-\u9fff]/);
  });

  test("a malformed next-auth callbackUrl", async ({ request, playwright, baseURL }) => {
    // next-auth's config check answers 500 outside its HTML pages for a callbackUrl it cannot parse.
    for (const path of [
      "/api/auth/session?callbackUrl=http%3A%2F%2F%5B",
      "/api/auth/providers?callbackUrl=%25",
      "/api/auth/csrf?callbackUrl=a&callbackUrl=b",
    ]) {
      const response = await request.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(400);
      expect(response.headers()["content-type"], path).toContain("application/problem+json");
    }
    const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
    const posted = await request.post("/api/auth/callback/credentials", {
      form: { csrfToken, username: "nobody", password: "x", callbackUrl: "http://[", json: "true" },
      maxRedirects: 0,
    });
    expect(posted.status()).toBe(400);
    // A bad callback-url cookie is refused and cleared, not a 500 on every sign-in.
    const withCookie = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { cookie: "next-auth.callback-url=http%3A%2F%2F%5B" },
    });
    const session = await withCookie.get("/api/auth/session");
    expect(session.status()).toBe(400);
    expect(session.headers()["set-cookie"]).toContain("next-auth.callback-url=;");
    await withCookie.dispose();
  });

  test("a cross-origin server action is refused with 403", async ({ request }) => {
    const response = await request.post("/", {
      headers: { origin: EVIL, "next-action": "0".repeat(42), "content-type": "text/plain;charset=UTF-8" },
      data: "[]",
    });
    expect(response.status()).toBe(403);
  });

  test("405 comes with a problem body", async ({ request, baseURL }) => {
    const response = await request.put("/api/v1/services", { data: {}, headers: { origin: baseURL! } });
    expect(response.status()).toBe(405);
    expect(response.headers()["content-type"]).toContain("application/problem+json");
    expect((await response.json()).code).toBe("method_not_allowed");
    expect(response.headers().allow).toContain("GET");
  });

  test("next-auth builds its URLs from configuration, not from X-Forwarded-Host", async ({ request }) => {
    const response = await request.get("/api/auth/signin", {
      headers: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
      maxRedirects: 0,
    });
    expect(response.headers().location ?? "").not.toContain("evil.example");
    const providers = await request.get("/api/auth/providers", { headers: { "x-forwarded-host": "evil.example" } });
    expect(await providers.text()).not.toContain("evil.example");
  });

  test("the elder-mode toggle's returnTo accepts only local paths", async ({ page }) => {
    const foreign: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("evil.example")) foreign.push(r.url());
    });
    await page.route(/evil\.example/, (route) => route.fulfill({ status: 200, body: "evil" }));
    for (const evil of ["/\\evil.example", "//evil.example", "https://evil.example", "/\t/evil.example"]) {
      await page.goto("/services");
      await page
        .locator('input[name="returnTo"]')
        .first()
        .evaluate((el, v) => ((el as HTMLInputElement).value = v), evil);
      await page
        .getByRole("button", { name: /长辈模式|标准模式/ })
        .first()
        .click();
      await page.waitForTimeout(1_500);
      expect(foreign, evil).toEqual([]);
      expect(page.url(), evil).not.toContain("evil.example");
    }
  });
});
