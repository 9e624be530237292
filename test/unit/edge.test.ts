import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installEdge, isEdgePath } from "@/lib/http/edge";
import { config } from "@/proxy";

// The API is checked in Node's own server before Next.js sees it (lib/http/edge.ts); pages in
// proxy.ts. Between them every path is covered once: the proxy's matcher leaves out exactly what
// the edge takes, however the path is spelt.

/** proxy.ts's matcher as Next.js reads it: path-to-regexp, here its one unnamed group. */
const proxyMatches = (pathname: string) => new RegExp(`^${config.matcher[0]}$`).test(pathname);

describe("which requests the edge checks", () => {
  it("takes /api and everything under it, and the proxy everything else but the build's files", () => {
    for (const path of [
      "/api",
      "/api/health",
      "/api/v1/bookings",
      "/api/v1/bookings/ABC234/cancel",
      "/api/auth/csrf",
    ]) {
      expect(isEdgePath(path), path).toBe(true);
      expect(proxyMatches(path), path).toBe(false);
    }
    for (const path of ["/", "/book/YBJ-001", "/apiary", "/api-docs", "/window", "/admin/items"]) {
      expect(isEdgePath(path), path).toBe(false);
      expect(proxyMatches(path), path).toBe(true);
    }
    expect(proxyMatches("/_next/static/chunks/a.js")).toBe(false);
  });

  it("judges a path after %-decoding, so no spelling of an API path passes both unchecked", () => {
    expect(isEdgePath("/%61pi/v1/bookings")).toBe(true);
    expect(isEdgePath("/api/v1/bookings?x=%00")).toBe(true);
    expect(isEdgePath("/api/v1/bookings/%E0%A4%A")).toBe(true);
    expect(isEdgePath("/services?next=/api/v1/bookings")).toBe(false);
  });
});

describe("the edge in front of a server", () => {
  let server: http.Server;
  let base: string;
  const reached: string[] = [];

  beforeAll(async () => {
    installEdge();
    server = http.createServer((request, response) => {
      reached.push(`${request.method} ${request.url} ${request.headers["x-forwarded-for"] ?? "-"}`);
      response.end("next");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("puts the API's security headers on what Next.js answers", async () => {
    const response = await fetch(`${base}/api/v1/services`);
    expect(await response.text()).toBe("next");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("answers a malformed URL, a cross-site write and a missing method with problem JSON, and Next.js never sees them", async () => {
    reached.length = 0;
    const malformed = await fetch(`${base}/api/v1/bookings/%E0%A4%A`);
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get("content-type")).toContain("application/problem+json");
    expect((await malformed.json()).code).toBe("bad_url");

    const crossSite = await fetch(`${base}/api/v1/bookings`, {
      method: "POST",
      headers: { origin: "http://evil.example", "content-type": "application/json" },
      body: "{}",
    });
    expect(crossSite.status).toBe(403);
    expect((await crossSite.json()).code).toBe("cross_origin");

    // A client's own Host cannot move the path out of what the checks read.
    const hostile = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(`${base}/api/v1/cases/%E0%A4%A`, { headers: { host: "a#" } }, (response) => {
        let body = "";
        response.on("data", (chunk) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on("error", reject);
      request.end();
    });
    expect(hostile.status).toBe(400);
    expect(JSON.parse(hostile.body).code).toBe("bad_url");

    const put = await fetch(`${base}/api/v1/services`, { method: "PUT", body: "{}" });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toContain("GET");
    expect((await put.json()).code).toBe("method_not_allowed");
    expect(put.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(reached).toEqual([]);
  });

  it("lets next-auth's own endpoints take a cross-site POST (they check their CSRF token), and drops forged X-Forwarded-For", async () => {
    reached.length = 0;
    const auth = await fetch(`${base}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { origin: "http://evil.example", "x-forwarded-for": "10.9.9.9" },
      body: "",
    });
    expect(await auth.text()).toBe("next");
    expect(reached).toEqual(["POST /api/auth/callback/credentials -"]);
  });
});
