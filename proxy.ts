import { NextResponse, type NextRequest } from "next/server";

// Early redirect only: the real checks are requirePageRole / requireRole in the data layer.
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

export function proxy(request: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (hasSession) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/login";
  url.search = `?next=${encodeURIComponent(request.nextUrl.pathname + request.nextUrl.search)}`;
  return NextResponse.redirect(url);
}

export const config = {
  matcher: [
    "/admin/:path*",
    "/reports/:path*",
    "/window/:path*",
    "/backoffice/:path*",
    "/account/:path*",
    "/kiosk/:path*",
    "/display/:path*",
    // Only the pad's own screen: /rate/case/… is the villager's public rating link.
    "/rate",
  ],
};
