import http from "node:http";
import { env } from "@/lib/env";
import { AppError, toProblem, type ErrorCode } from "@/lib/errors";
import {
  allowedMethods,
  API_CSP,
  crossOriginRefusal,
  isHttps,
  malformedUrl,
  securityHeaders,
  type RequestLike,
} from "@/lib/http/security";

// Every request passes here first, in Node's own server before Next.js sees it (installed once at
// start-up by instrumentation.ts):
// - unless TRUST_PROXY=1 (a reverse proxy in front sets them), the client's own X-Forwarded-For,
//   -Host, -Proto and -Port are dropped: Next.js fills them from the socket only when a request
//   has none, so a client could otherwise name any address, host or scheme (next-auth would build
//   its sign-in URLs from that host);
// - the API (/api/…) is checked and given its security headers here rather than in proxy.ts: a
//   request through Next.js's middleware cost about 0.45 ms of CPU more, a POST with its body
//   copied for the middleware about 0.9 ms, half of what a booking costs (decision 012). A
//   malformed URL, a cross-site write or a method the operation does not have is answered with
//   problem JSON before Next.js would answer it with a 500 or an empty 405.
// Pages go through proxy.ts, which needs Next.js's request for the nonce of the page's CSP and for
// the sign-in redirect.

const FORWARDED = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port"] as const;

/**
 * The paths checked here, judged after %-decoding (so that no spelling of an API path slips past
 * both this and proxy.ts, whose matcher leaves out /api and /api/…; test/unit/edge.test.ts holds
 * the two together).
 */
export function isEdgePath(rawUrl: string): boolean {
  const raw = rawUrl.split("?")[0];
  let pathname = raw;
  try {
    pathname = decodeURIComponent(raw);
  } catch {
    // A malformed escape: judged by what it says undecoded; answeredAtEdge refuses it.
  }
  return pathname === "/api" || pathname.startsWith("/api/");
}

/**
 * Node's request seen as the checks read a request. Its URL has a fixed host: the checks read only
 * the scheme, the path and the query, and a client's own Host (say `a#`) must not move the path
 * elsewhere in the URL. The Host header itself is still what crossOriginRefusal compares with.
 */
function requestLike(request: http.IncomingMessage): RequestLike {
  const tls = (request.socket as { encrypted?: boolean }).encrypted === true;
  const target = request.url?.startsWith("/") ? request.url : "/";
  return {
    method: request.method ?? "GET",
    url: `${tls ? "https" : "http"}://localhost${target}`,
    headers: {
      get(name: string) {
        const value = request.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
    },
  };
}

function refuse(response: http.ServerResponse, code: ErrorCode, headers: Record<string, string>) {
  const error = new AppError(code);
  response.writeHead(error.status, {
    ...headers,
    "content-type": "application/problem+json; charset=utf-8",
    "cache-control": "no-store",
  });
  response.end(JSON.stringify(toProblem(error)));
}

/**
 * The API's checks and headers for one request: true when it has been answered here (refused),
 * false when Next.js is to answer it (with the security headers already on the response).
 */
export function answeredAtEdge(request: http.IncomingMessage, response: http.ServerResponse): boolean {
  const like = requestLike(request);
  let url: URL;
  try {
    url = new URL(like.url);
  } catch {
    // A request target no URL can hold.
    refuse(response, "bad_url", securityHeaders(API_CSP, false));
    return true;
  }
  const headers = securityHeaders(API_CSP, isHttps(like));
  if (malformedUrl(like)) {
    refuse(response, "bad_url", headers);
    return true;
  }
  // next-auth's own endpoints carry their CSRF token (double-submit cookie).
  if (!url.pathname.startsWith("/api/auth/") && crossOriginRefusal(like)) {
    refuse(response, "cross_origin", headers);
    return true;
  }
  const allowed = allowedMethods(url.pathname);
  if (allowed && !allowed.includes(like.method) && like.method !== "OPTIONS") {
    refuse(response, "method_not_allowed", { ...headers, allow: allowed.join(", ") });
    return true;
  }
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  return false;
}

export function installEdge() {
  const marker = Symbol.for("yichuang.edge");
  const proto = http.Server.prototype as unknown as Record<symbol, boolean> & {
    emit: (event: string, ...args: unknown[]) => boolean;
  };
  if (proto[marker]) return;
  proto[marker] = true;
  const trustProxy = env().TRUST_PROXY;
  const originalEmit = proto.emit;
  proto.emit = function emit(this: http.Server, event: string, ...args: unknown[]) {
    if (event === "request") {
      const [request, response] = args as [http.IncomingMessage, http.ServerResponse];
      if (!trustProxy) for (const name of FORWARDED) delete request.headers[name];
      if (isEdgePath(request.url ?? "/") && answeredAtEdge(request, response)) return true;
    }
    return originalEmit.call(this, event, ...args);
  };
}
