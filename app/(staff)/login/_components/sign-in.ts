// next-auth's credentials sign-in without `next-auth/react` (9 KB of JavaScript for one call): the
// same two requests its `signIn("credentials", { redirect: false })` makes — the CSRF token, then the
// credentials callback with `json=true`, whose answer is a URL carrying `?error=` when it failed.
// The session cookie comes with the second answer; the form then goes to /staff.

/** `null` when signed in; otherwise the error code next-auth passed on (`invalid`, `locked:60` …). */
export async function signInWithPassword(username: string, password: string): Promise<string | null> {
  const csrf = await fetch("/api/auth/csrf", { cache: "no-store" });
  if (!csrf.ok) return "unavailable";
  const { csrfToken } = (await csrf.json()) as { csrfToken?: string };
  if (!csrfToken) return "unavailable";
  const response = await fetch("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username, password, csrfToken, callbackUrl: window.location.href, json: "true" }),
  });
  const data = (await response.json().catch(() => null)) as { url?: string } | null;
  if (!data?.url) return "unavailable";
  const error = new URL(data.url, window.location.origin).searchParams.get("error");
  if (error) return error;
  return response.ok ? null : "unavailable";
}
