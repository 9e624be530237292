import { operations } from "@/lib/api/operations";
import { env } from "@/lib/env";
import { AppError, type ErrorCode } from "@/lib/errors";

// What is checked before any page or route sees a request, and the security headers added to every
// answer: by proxy.ts for pages, by lib/http/edge.ts for the API (decision 012). Pure functions of
// the request, so that one place decides them all.

/** What the checks read of a request: a fetch Request, or Node's own request seen through it. */
export interface RequestLike {
  method: string;
  url: string;
  headers: { get(name: string): string | null };
}

/** next-auth's session cookie (chunked ones end in .0, .1, …). */
const SESSION_COOKIE = /^(__Secure-)?next-auth\.session-token(\.\d+)?$/;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** A random nonce for one response's CSP (128 bits, base64). */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/** Served over HTTPS: the socket's own scheme, or, only behind a trusted proxy, what it says. */
export function isHttps(request: RequestLike): boolean {
  if (new URL(request.url).protocol === "https:") return true;
  return !!env().TRUST_PROXY && request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

/**
 * The CSP of a page: scripts only with this response's nonce (Next.js puts it on its own scripts
 * when it finds it in the request's CSP), styles from our own files or with the nonce; inline
 * `style` attributes (bar heights on /reports, the TV's ticker speed) stay allowed, they cannot
 * run code. No framing by anyone, forms post only here.
 */
export function contentSecurityPolicy(nonce: string, https: boolean): string {
  const dev = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    `style-src-elem 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'self'",
    // The village day's service worker (public/village-sw.js); 'strict-dynamic' would refuse it.
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** The API's CSP: it serves no documents, so nothing may load or frame it. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Headers for every answer. Permissions: the TV speaks through speechSynthesis and the kiosk
 * prints with window.print(), neither needs a permission; everything else is off.
 */
export function securityHeaders(csp: string, https: boolean): Record<string, string> {
  return {
    "content-security-policy": csp,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "permissions-policy":
      "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), bluetooth=(), midi=(), display-capture=(), browsing-topics=()",
    "cross-origin-opener-policy": "same-origin",
    ...(https ? { "strict-transport-security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

/** The host (name:port) the browser used to reach us: Host, or a trusted proxy's X-Forwarded-Host. */
function ownHost(request: RequestLike): string | null {
  const forwarded = env().TRUST_PROXY ? request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  return (forwarded || request.headers.get("host"))?.toLowerCase() ?? null;
}

function hasSessionCookie(request: RequestLike): boolean {
  const cookie = request.headers.get("cookie");
  if (!cookie) return false;
  return cookie.split(";").some((part) => SESSION_COOKIE.test(part.split("=")[0]?.trim() ?? ""));
}

/**
 * A state-changing request from another site is refused. `Origin`, when sent, must be this site
 * (its host, or NEXTAUTH_URL's / PUBLIC_URL's); a request without one is a non-browser client,
 * trusted only when it carries no session cookie (browsers send Origin on every such POST).
 */
export function crossOriginRefusal(request: RequestLike): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const origin = request.headers.get("origin");
  if (!origin) return hasSessionCookie(request);
  let host: string;
  try {
    host = new URL(origin).host.toLowerCase();
  } catch {
    return true; // "null" (sandboxed frames, file:) or garbage
  }
  const allowed = [ownHost(request), urlHost(process.env.NEXTAUTH_URL), urlHost(env().PUBLIC_URL)];
  return !allowed.includes(host);
}

function urlHost(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * A URL the app cannot read: a path segment with a malformed %-escape (Next.js would fail to
 * decode its params with a 500), or a NUL anywhere in the path or the query (PostgreSQL text
 * cannot hold it).
 */
export function malformedUrl(request: RequestLike): boolean {
  const url = new URL(request.url);
  for (const segment of url.pathname.split("/")) {
    try {
      if (decodeURIComponent(segment).includes("\u0000")) return true;
    } catch {
      return true;
    }
  }
  const query = url.search.slice(1);
  if (!query) return false;
  for (const part of query.split("&")) {
    try {
      if (decodeURIComponent(part.replace(/\+/g, " ")).includes("\u0000")) return true;
    } catch {
      return true;
    }
  }
  return false;
}

const routes = operations.map((op) => ({
  method: op.method.toUpperCase(),
  pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "[^/]+")}/?$`),
}));

/**
 * The methods an API path answers, from the operation registry (every route is there), or null
 * for a path it does not know (the catch-all answers 404 for those).
 */
export function allowedMethods(pathname: string): string[] | null {
  const methods = routes.filter((r) => r.pattern.test(pathname)).map((r) => r.method);
  if (!methods.length) return null;
  if (methods.includes("GET")) methods.push("HEAD");
  return [...new Set(methods)];
}

/** A page-sized Chinese answer for a browser that asked for a page. */
export function errorPage(code: ErrorCode, headers: Record<string, string> = {}): Response {
  const error = new AppError(code);
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${error.message}</title></head><body style="font-family:sans-serif;font-size:1.25rem;margin:2rem"><h1>${error.message}</h1><p><a href="/">返回首页</a></p></body></html>`;
  return new Response(html, {
    status: error.status,
    headers: { ...headers, "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}
