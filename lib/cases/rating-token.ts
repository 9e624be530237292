import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { authSecret, env } from "@/lib/env";

// The per-case rating link (/rate/case/{caseNo}?t=…) carries an unguessable secret. It is derived
// from the server secret and the case number, so the pickup SMS can carry the same link as the
// receipt; the database keeps only its keyed hash.

export function ratingToken(caseNo: string): string {
  return createHmac("sha256", authSecret()).update(`case-rating|${caseNo}`).digest("base64url").slice(0, 32);
}

export function ratingTokenHash(token: string): string {
  return createHmac("sha256", authSecret()).update(`case-rating-hash|${token}`).digest("base64url");
}

export function isRatingToken(token: string, storedHash: string | null): boolean {
  if (!storedHash) return false;
  const given = Buffer.from(ratingTokenHash(token));
  const expected = Buffer.from(storedHash);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** An absolute link when PUBLIC_URL is set, else the path. */
export function publicLink(path: string): string {
  return `${env().PUBLIC_URL ?? ""}${path}`;
}

export function caseLinks(caseNo: string) {
  return {
    trackUrl: publicLink(`/track?case=${caseNo}`),
    rateUrl: publicLink(`/rate/case/${caseNo}?t=${ratingToken(caseNo)}`),
  };
}
