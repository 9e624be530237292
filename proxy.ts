import { NextResponse, type NextRequest } from "next/server";
import {
  contentSecurityPolicy,
  crossOriginRefusal,
  errorPage,
  isHttps,
  malformedUrl,
  newNonce,
  securityHeaders,
} from "@/lib/http/security";

// Every page passes here first: malformed URLs and cross-site writes (server actions, form posts)
// are refused, every answer gets the security headers with a CSP with a fresh nonce, and staff
// pages without a session cookie are sent to sign in early (the real checks are requirePageRole /
// requireRole). The API (/api/…) is checked the same way, with the same functions, before Next.js
// sees it, in lib/http/edge.ts: through the middleware it cost half of a booking's CPU.

const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];
const SIGNED_IN_PAGES = /^\/(admin|reports|district|window|village|backoffice|account|kiosk|display)(\/|$)|^\/rate$/;

export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const https = isHttps(request);
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, https);
  const headers = securityHeaders(csp, https);
  if (malformedUrl(request)) return errorPage("bad_url", headers);
  // Server actions and form posts: Next.js would answer a foreign Origin with a 500.
  if (crossOriginRefusal(request)) return errorPage("cross_origin", headers);

  let response: NextResponse;
  if (SIGNED_IN_PAGES.test(pathname) && !SESSION_COOKIES.some((name) => request.cookies.has(name))) {
    const url = request.nextUrl.clone();
    url.pathname = "/login";
    url.search = `?next=${encodeURIComponent(pathname + request.nextUrl.search)}`;
    response = NextResponse.redirect(url);
  } else {
    // Next.js reads the nonce from the request's CSP and puts it on its scripts.
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("content-security-policy", csp);
    requestHeaders.set("x-nonce", nonce);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but the build's static files (immutable, no document to protect) and the API, which
  // lib/http/edge.ts checks (isEdgePath).
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/|api$).*)"],
};
