import { describe, expect, it } from "vitest";
import { localPath } from "@/lib/http/local-path";
import {
  allowedMethods,
  contentSecurityPolicy,
  crossOriginRefusal,
  malformedUrl,
  securityHeaders,
} from "@/lib/http/security";

const request = (url: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
  new Request(url, { ...init, headers: { host: "hall.local:3000", ...init.headers } });

describe("security", () => {
  it("keeps only local paths for returnTo", () => {
    for (const bad of [
      "/\\evil.example",
      "\\\\evil.example",
      "//evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "https://evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
      null,
    ])
      expect(localPath(bad), String(bad)).toBe("/");
    expect(localPath("/services?q=%E7%A4%BE%E4%BF%9D#x")).toBe("/services?q=%E7%A4%BE%E4%BF%9D#x");
    expect(localPath("/book/YBJ-001")).toBe("/book/YBJ-001");
  });

  it("refuses cross-site writes: a foreign Origin, or a session cookie without any Origin", () => {
    const cookie = "next-auth.session-token=abc";
    const post = (headers: Record<string, string>) =>
      request("http://hall.local:3000/api/v1/tickets", { method: "POST", headers });
    expect(crossOriginRefusal(post({ origin: "http://evil.example" }))).toBe(true);
    expect(crossOriginRefusal(post({ origin: "http://evil.example", cookie }))).toBe(true);
    expect(crossOriginRefusal(post({ origin: "null", cookie }))).toBe(true);
    expect(crossOriginRefusal(post({ cookie }))).toBe(true);
    expect(crossOriginRefusal(post({ cookie: `__Secure-${cookie}.0` }))).toBe(true);
    // A spoofed X-Forwarded-Host does not make a foreign origin ours (TRUST_PROXY is off).
    expect(
      crossOriginRefusal(post({ origin: "http://evil.example", "x-forwarded-host": "evil.example", cookie })),
    ).toBe(true);
    expect(crossOriginRefusal(post({ origin: "http://hall.local:3000", cookie }))).toBe(false);
    expect(crossOriginRefusal(post({ origin: "https://hall.local:3000", cookie }))).toBe(false);
    expect(crossOriginRefusal(post({}))).toBe(false);
    expect(crossOriginRefusal(post({ cookie: "yc-elder=1" }))).toBe(false);
    const get = request("http://hall.local:3000/api/v1/queue", { headers: { origin: "http://evil.example", cookie } });
    expect(crossOriginRefusal(get)).toBe(false);
  });

  it("finds malformed escapes and NULs in the path and the query", () => {
    for (const bad of [
      "/booking/%E0%A4%A",
      "/booking/%",
      "/services?q=%00",
      "/services?q=a%00b",
      "/a%00b",
      "/x?%=1",
      "/x?q=%zz",
    ])
      expect(malformedUrl(request(`http://hall.local${bad}`)), bad).toBe(true);
    for (const good of ["/booking/ABC", "/services?q=%E7%A4%BE%E4%BF%9D", "/services?q=a+b&x=", "/"])
      expect(malformedUrl(request(`http://hall.local${good}`)), good).toBe(false);
  });

  it("knows each API path's methods from the operation registry", () => {
    expect(allowedMethods("/api/v1/services")).toEqual(["GET", "HEAD"]);
    expect(allowedMethods("/api/v1/bookings/ABC123/cancel")).toEqual(["POST"]);
    expect(allowedMethods("/api/v1/no-such-thing")).toBeNull();
  });

  it("builds a nonce CSP without unsafe-inline scripts, and HSTS only over HTTPS", () => {
    const csp = contentSecurityPolicy("abc123", false);
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(securityHeaders(csp, false)).not.toHaveProperty("strict-transport-security");
    expect(securityHeaders(csp, true)["strict-transport-security"]).toMatch(/max-age=\d+/);
  });
});
