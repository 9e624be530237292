import "server-only";

// next-auth answers 500 ("a problem with the server configuration") for a callbackUrl it cannot
// parse as an http(s) URL, in the query, the posted form or its callback-url cookie. Such a value
// only comes from a client, so it is refused as bad input before next-auth sees it.

const COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

/** What next-auth accepts: a path of this site, or an absolute http(s) URL. */
function isUsable(value: string): boolean {
  try {
    const url = value.startsWith("/") ? new URL(value, "http://local.invalid") : new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** The names of bad callbackUrl cookies, or `query`/`form` when the request's own value is bad. */
export async function badCallbackUrls(request: Request): Promise<{ request: boolean; cookies: string[] }> {
  const values = new URL(request.url).searchParams.getAll("callbackUrl");
  const type = request.headers.get("content-type") ?? "";
  if (request.method === "POST" && type.startsWith("application/x-www-form-urlencoded")) {
    const form = new URLSearchParams(await request.clone().text());
    values.push(...form.getAll("callbackUrl"));
  }
  const cookies = new Map(
    (request.headers.get("cookie") ?? "").split(";").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), at < 0 ? "" : safeDecode(part.slice(at + 1).trim())] as const;
    }),
  );
  return {
    request: values.length > 1 || values.some((v) => !isUsable(v)),
    cookies: COOKIES.filter((name) => cookies.has(name) && !isUsable(cookies.get(name)!)),
  };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return "%";
  }
}
