import "server-only";
import { cache } from "react";
import { env } from "@/lib/env";
import { getHall, type HallInfo } from "@/lib/hall";

/**
 * The hall whose public site and public API this instance serves: the one HALL_CODE names. The
 * choice is made here, at the edge, once per request; everything in lib/ is told the hall.
 */
export const publicHall = cache((): Promise<HallInfo> => getHall({ code: env().HALL_CODE }));
