import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { bookings, serviceItems, serviceSessions, slots, villages, villageVisits, type Material } from "@/db/schema";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { EVALUATION_REASONS } from "@/lib/evaluations/labels";
import { shanghaiTime } from "@/lib/time";
import { VISIT_COLUMNS, type VillageVisitSummary } from "@/lib/village/list-village-visits";

export interface VillageDay {
  visit: Omit<VillageVisitSummary, "bookings">;
  /** The day's bookings, as a clerk may see them: the phone and the ID number masked. */
  bookings: {
    code: string;
    name: string;
    agentName: string | null;
    phoneMasked: string;
    idNumberMasked: string | null;
    service: { code: string; name: string };
    time: string;
    status: "confirmed" | "checked_in" | "completed";
  }[];
  /** The items offered that day (the theme's categories) with their materials lists. */
  items: {
    code: string;
    name: string;
    kind: "instant" | "promised";
    promisedDays: number | null;
    materials: Material[];
  }[];
  /** The intake rules the form cannot carry in its schema: the reasons of a poor rating. */
  rules: { ratingReasons: readonly string[] };
}

/**
 * 带走当天: everything a clerk needs at the village with no connection — the visit, its bookings,
 * the items of its theme with their materials. The hall's clerks only, their own hall only.
 */
export async function getVillageDay(input: { actor: Actor; visitId: number }): Promise<VillageDay> {
  assertRole(input.actor, "clerk");
  const db = await getDb();
  const [visit] = await db
    .select({ ...VISIT_COLUMNS, categories: villageVisits.categories })
    .from(villageVisits)
    .innerJoin(villages, eq(villages.id, villageVisits.villageId))
    .where(
      and(
        eq(villageVisits.id, input.visitId),
        eq(villageVisits.hallId, input.actor.hallId),
        eq(villageVisits.isCancelled, false),
      ),
    );
  if (!visit) throw new AppError("not_found", "没有找到这次下村服务日");
  const [bookingRows, itemRows] = await Promise.all([
    db
      .select({
        code: bookings.code,
        name: bookings.applicantName,
        agentName: bookings.agentName,
        phoneMasked: bookings.phoneMasked,
        idNumberMasked: bookings.idNumberMasked,
        serviceCode: serviceItems.code,
        serviceName: serviceItems.name,
        startsAt: slots.startsAt,
        status: bookings.status,
      })
      .from(bookings)
      .innerJoin(slots, eq(slots.id, bookings.slotId))
      .innerJoin(serviceSessions, eq(serviceSessions.id, slots.sessionId))
      .innerJoin(serviceItems, eq(serviceItems.id, bookings.serviceItemId))
      .where(
        and(
          eq(bookings.hallId, input.actor.hallId),
          eq(serviceSessions.villageVisitId, visit.id),
          sql`${bookings.status} in ('confirmed', 'checked_in', 'completed')`,
        ),
      )
      .orderBy(asc(slots.startsAt), asc(bookings.id)),
    db
      .select({
        code: serviceItems.code,
        name: serviceItems.name,
        kind: serviceItems.kind,
        promisedDays: serviceItems.promisedDays,
        materials: serviceItems.materials,
      })
      .from(serviceItems)
      .where(villageItemOffered(input.actor.hallId, visit.categories))
      .orderBy(asc(serviceItems.code)),
  ]);
  return {
    visit: {
      id: visit.id,
      date: visit.date,
      village: { code: visit.code, name: visit.name },
      theme: visit.theme,
      location: visit.location,
      startTime: visit.startTime.slice(0, 5),
      endTime: visit.endTime.slice(0, 5),
    },
    bookings: bookingRows.map((b) => ({
      code: b.code,
      name: b.name,
      agentName: b.agentName,
      phoneMasked: b.phoneMasked,
      idNumberMasked: b.idNumberMasked,
      service: { code: b.serviceCode, name: b.serviceName },
      time: shanghaiTime(b.startsAt),
      status: b.status as VillageDay["bookings"][number]["status"],
    })),
    items: itemRows.map((i) => ({ ...i, kind: i.kind as "instant" | "promised" })),
    rules: { ratingReasons: EVALUATION_REASONS },
  };
}

/** An item is offered at a village day when it is active, serves villages and is of the theme. */
export function villageItemOffered(hallId: number, categories: string[]) {
  return and(
    eq(serviceItems.hallId, hallId),
    eq(serviceItems.isActive, true),
    sql`'village' = any(${serviceItems.channels})`,
    inArray(serviceItems.category, categories),
  );
}
