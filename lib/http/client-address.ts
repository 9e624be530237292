import http from "node:http";
import { env } from "@/lib/env";

// Next.js fills X-Forwarded-For/-Host/-Proto/-Port from the socket only when the request has none,
// so a client could name any address, host or scheme it likes (next-auth would build its sign-in
// URLs from that host). Unless TRUST_PROXY=1 (a reverse proxy in front sets the headers), drop
// the client's own before Next.js sees the request.
const FORWARDED = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port"] as const;

export function installForwardedForGuard() {
  if (env().TRUST_PROXY) return;
  const marker = Symbol.for("yichuang.forwardedForGuard");
  const proto = http.Server.prototype as unknown as Record<symbol, boolean> & {
    emit: (event: string, ...args: unknown[]) => boolean;
  };
  if (proto[marker]) return;
  proto[marker] = true;
  const originalEmit = proto.emit;
  proto.emit = function emit(this: http.Server, event: string, ...args: unknown[]) {
    if (event === "request") for (const name of FORWARDED) delete (args[0] as http.IncomingMessage).headers[name];
    return originalEmit.call(this, event, ...args);
  };
}

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
