import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { halls, openingHours } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { clockLabel } from "@/lib/format";

export interface HallInfo {
  id: number;
  code: string;
  name: string;
  address: string;
  phone: string;
}

// A hall's row hardly ever changes; reading it once a minute instead of on every request takes a
// round trip off every public page and API call.
const CACHE_MS = 60_000;
const cache = globalThis as typeof globalThis & { __yichuangHalls?: Map<string, { at: number; hall: HallInfo }> };

/**
 * One hall, by its id (a staff member's or a device's own hall) or by its code (the hall whose
 * public site this instance serves: the caller chooses the code, see app/_lib/public-hall.ts).
 */
export async function getHall(input: { hallId: number } | { code: string }): Promise<HallInfo> {
  const key = "hallId" in input ? `id:${input.hallId}` : `code:${input.code}`;
  const known = (cache.__yichuangHalls ??= new Map());
  const cached = known.get(key);
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.hall;
  const db = await getDb();
  const [hall] = await db
    .select({ id: halls.id, code: halls.code, name: halls.name, address: halls.address, phone: halls.phone })
    .from(halls)
    .where("hallId" in input ? eq(halls.id, input.hallId) : eq(halls.code, input.code));
  if (!hall) throw new AppError("unavailable", "服务中心尚未配置");
  known.set(key, { at: Date.now(), hall });
  return hall;
}

export async function getOpeningHours(hallId: number) {
  const db = await getDb();
  const rows = await db
    .select({
      weekday: openingHours.weekday,
      morningStart: openingHours.morningStart,
      morningEnd: openingHours.morningEnd,
      afternoonStart: openingHours.afternoonStart,
      afternoonEnd: openingHours.afternoonEnd,
    })
    .from(openingHours)
    .where(eq(openingHours.hallId, hallId))
    .orderBy(openingHours.weekday);
  return rows.map((r) => ({
    weekday: r.weekday,
    morning: `${clockLabel(r.morningStart)}–${clockLabel(r.morningEnd)}`,
    afternoon: `${clockLabel(r.afternoonStart)}–${clockLabel(r.afternoonEnd)}`,
  }));
}
