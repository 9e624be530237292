import { env } from "@/lib/env";

// The client's own X-Forwarded-* headers are dropped before Next.js sees a request unless
// TRUST_PROXY=1 (lib/http/edge.ts).

/**
 * The client's address for rate limits. Behind a trusted proxy, the last X-Forwarded-For entry is
 * the one that proxy added; without one, Next.js has put the socket's address there.
 */
export function clientAddress(source: { headers: Headers }): string {
  const forwarded = source.headers.get("x-forwarded-for");
  if (!forwarded) return "unknown";
  const parts = forwarded
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  return (env().TRUST_PROXY ? parts[parts.length - 1] : parts[0]) ?? "unknown";
}
