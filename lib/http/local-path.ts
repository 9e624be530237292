/**
 * `value` if it is a path of this site, else `fallback`: never an open redirect. Browsers read
 * `\` as `/` and drop tabs and newlines, so `/\evil.example` or `/\t/evil.example` would leave
 * the site; only a path that resolves to our own origin, written without those, is kept.
 */
export function localPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.includes("\\") || hasControl(value)) return fallback;
  const base = "http://local.invalid";
  try {
    const url = new URL(value, base);
    if (url.origin !== base) return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}

function hasControl(value: string): boolean {
  return [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}
