import "server-only";
import { getServerSession } from "next-auth";
import { cookies } from "next/headers";
import { authOptions } from "@/lib/auth/options";
import { signOutStaff } from "@/lib/auth/sign-out";

// next-auth's session cookie, plain or (over https) with the __Secure- prefix, whole or in chunks.
const SESSION_COOKIE = /^(__Secure-)?next-auth\.session-token(\.\d+)?$/;

/**
 * Signs out the staff member or device of this request, for a plain form's server action: what
 * next-auth's POST /api/auth/signout does, without the browser fetching its CSRF token first
 * (next-auth/react, 9 KB on every staff page and the kiosk). Every session of the account ends
 * (signOutStaff, audited), and the cookie goes. Server actions are refused from another origin
 * (Next.js and proxy.ts), which is the protection the CSRF token gave.
 */
export async function signOutCurrentStaff(): Promise<void> {
  const user = (await getServerSession(authOptions()))?.user;
  if (user?.id) await signOutStaff({ staffId: user.id, sessionVersion: user.sessionVersion ?? 0 });
  const jar = await cookies();
  for (const { name } of jar.getAll())
    if (SESSION_COOKIE.test(name)) jar.delete({ name, path: "/", secure: name.startsWith("__Secure-") });
}
