import NextAuth from "next-auth";
import { badCallbackUrls } from "@/lib/auth/callback-url";
import { authOptions } from "@/lib/auth/options";
import { problem } from "@/lib/http";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: Request, context: Context) {
  const bad = await badCallbackUrls(request);
  if (bad.request || bad.cookies.length) {
    // A bad cookie would break every sign-in of that browser: clear it with the answer.
    const headers = new Headers();
    for (const name of bad.cookies)
      headers.append(
        "set-cookie",
        `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${name.startsWith("__Secure-") ? "; Secure" : ""}`,
      );
    return problem("bad_url", "登录后返回的地址无效", undefined, headers);
  }
  return NextAuth(authOptions())(request, context);
}

export { handler as GET, handler as POST };
