import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";

/**
 * Where the public site is reached, for links that leave the page (QR codes, a shared link, an
 * SMS): the configured PUBLIC_URL, else the address this request was asked at.
 */
export async function publicOrigin(): Promise<string> {
  const configured = env().PUBLIC_URL;
  if (configured) return configured;
  return `http://${(await headers()).get("host") ?? "localhost"}`;
}
