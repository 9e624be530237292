import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { halls, openingHours } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

export interface HallInfo {
  id: number;
  code: string;
  name: string;
  address: string;
  phone: string;
}

// The hall's row hardly ever changes; reading it once a minute instead of on every request
// takes a round trip off every public page and API call.
const CACHE_MS = 60_000;
const cache = globalThis as typeof globalThis & { __yichuangHall?: { at: number; hall: HallInfo } };

/** The hall this instance serves (HALL_CODE); public pages and device screens belong to it. */
export async function getCurrentHall(): Promise<HallInfo> {
  const cached = cache.__yichuangHall;
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.hall;
  const db = await getDb();
  const [hall] = await db
    .select({ id: halls.id, code: halls.code, name: halls.name, address: halls.address, phone: halls.phone })
    .from(halls)
    .where(eq(halls.code, env().HALL_CODE));
  if (!hall) throw new AppError("unavailable", "服务中心尚未配置");
  cache.__yichuangHall = { at: Date.now(), hall };
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
    morning: `${r.morningStart.slice(0, 5)}–${r.morningEnd.slice(0, 5)}`,
    afternoon: `${r.afternoonStart.slice(0, 5)}–${r.afternoonEnd.slice(0, 5)}`,
  }));
}
