import "server-only";
import type { NextAuthOptions } from "next-auth";
import { encode } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import type { StaffRole } from "@/db/schema";
import { DEVICE_ROLES, isDeviceRole } from "@/lib/auth/actor";
import { authenticateStaff } from "@/lib/auth/login";
import { signOutStaff } from "@/lib/auth/sign-out";
import { authSecret, env } from "@/lib/env";
import { clientAddress } from "@/lib/http/client-address";
import { logError } from "@/lib/log";

// With NEXTAUTH_URL next-auth builds every URL from it. Without it, from X-Forwarded-Host, which
// is the client's Host header unless TRUST_PROXY=1 lets a reverse proxy set it
// (lib/http/edge.ts drops the client's own).
if (!process.env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST ??= "1";

const credentials = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) });

/**
 * Error codes the login page understands (next-auth passes the thrown message through). A wait
 * carries its seconds: `locked:60` (this name), `throttled:40` (this address).
 */
export const LOGIN_ERRORS = {
  invalid: "invalid",
  locked: "locked",
  throttled: "throttled",
  unavailable: "unavailable",
} as const;

/** The client's address as next-auth hands over the request (a plain object of headers). */
function requestAddress(req: { headers?: Record<string, unknown> } | undefined): string {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req?.headers ?? {}))
    if (typeof value === "string") headers.set(name, value);
  return clientAddress({ headers });
}

export { DEVICE_ROLES, isDeviceRole };

export function authOptions(): NextAuthOptions {
  const idleSeconds = env().SESSION_IDLE_MINUTES * 60;
  const deviceSeconds = env().DEVICE_SESSION_DAYS * 24 * 60 * 60;
  return {
    secret: authSecret(),
    // A staff member's JWT lives for the idle period and is renewed on activity
    // (components/session-keeper), so a console left alone expires after SESSION_IDLE_MINUTES.
    // A device's JWT lives DEVICE_SESSION_DAYS: a kiosk or TV never calls /api/auth/session and
    // getServerSession never re-issues the cookie. The cookie lives as long as the longer of the
    // two; the token's own expiry is what counts, and getActor checks the account's session
    // version on every request, so an admin's revocation is refused at once.
    session: { strategy: "jwt", maxAge: Math.max(idleSeconds, deviceSeconds), updateAge: 60 },
    jwt: {
      maxAge: idleSeconds,
      encode: (params) => encode({ ...params, maxAge: isDeviceRole(params.token?.role) ? deviceSeconds : idleSeconds }),
    },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "工作人员登录",
        credentials: { username: { label: "用户名", type: "text" }, password: { label: "密码", type: "password" } },
        async authorize(raw, req) {
          const parsed = credentials.safeParse(raw);
          if (!parsed.success) throw new Error(LOGIN_ERRORS.invalid);
          let result: Awaited<ReturnType<typeof authenticateStaff>>;
          try {
            result = await authenticateStaff({
              ...parsed.data,
              address: requestAddress(req),
              userAgent: typeof req?.headers?.["user-agent"] === "string" ? req.headers["user-agent"] : undefined,
            });
          } catch (error) {
            // next-auth hands the thrown message to the browser: never let a database error through.
            logError("sign-in failed", error);
            throw new Error(LOGIN_ERRORS.unavailable);
          }
          if (!result.ok)
            throw new Error(
              result.reason === "invalid"
                ? LOGIN_ERRORS.invalid
                : `${LOGIN_ERRORS[result.reason]}:${result.retryAfter}`,
            );
          const s = result.staff;
          return {
            id: String(s.id),
            name: s.name,
            username: s.username,
            role: s.role,
            hallId: s.hallId,
            departmentId: s.departmentId,
            windowId: s.windowId,
            sessionVersion: s.sessionVersion,
            sessionId: s.sessionId,
          };
        },
      }),
    ],
    events: {
      // Signing out ends every session of the account at once (a copied cookie included).
      async signOut({ token }) {
        if (typeof token?.staffId === "number")
          await signOutStaff({ staffId: token.staffId, sessionVersion: token.sessionVersion ?? 0 });
      },
    },
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.staffId = Number(user.id);
          token.username = user.username;
          token.role = user.role;
          token.hallId = user.hallId;
          token.departmentId = user.departmentId;
          token.windowId = user.windowId;
          token.sessionVersion = user.sessionVersion;
          token.sessionId = user.sessionId;
        }
        return token;
      },
      async session({ session, token }) {
        session.user = {
          id: token.staffId,
          name: token.name ?? "",
          username: token.username,
          role: token.role as StaffRole,
          hallId: token.hallId,
          departmentId: token.departmentId,
          windowId: token.windowId,
          sessionVersion: token.sessionVersion ?? 0,
          sessionId: token.sessionId,
        };
        return session;
      },
    },
  };
}
