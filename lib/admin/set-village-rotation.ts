import "server-only";
import { and, eq, gte, inArray } from "drizzle-orm";
import type { Tx } from "@/db/connection";
import {
  serviceItems,
  serviceSessions,
  villageDayRules,
  villageDayThemes,
  villageRotation,
  villages,
  villageVisits,
} from "@/db/schema";
import {
  addUp,
  hallStaffId,
  lastSessionDate,
  remakeSessions,
  runCalendarChange,
  type CalendarChangeResult,
} from "@/lib/admin/calendar-change";
import { recordAudit } from "@/lib/audit";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { planVillageDays } from "@/lib/booking/extend-calendar";
import { reshapeSession } from "@/lib/booking/reshape-session";
import { AppError } from "@/lib/errors";
import { addDays, shanghaiDate } from "@/lib/time";

export interface VillageRotationInput {
  /** The first day the new rotation applies to (tomorrow or later); its first step. */
  startsOn: string;
  weekday: number;
  startTime: string;
  endTime: string;
  staffUserId?: number | null;
  /** In visiting order, each with where the hall sets up. */
  villages: { villageId: number; location: string }[];
  /** In turn, each with the item categories it offers. */
  themes: { theme: string; categories: string[] }[];
}

const REASON = "下村服务日安排调整";

/**
 * The village-visit rotation (周二主题下村日): the weekday and hours, the villages in order, the
 * themes in turn, the staff — from `startsOn` on. The dated visits of the days already made are
 * brought in line at once: a day that keeps its village is updated in place (bookings of items the
 * new theme does not offer, or outside the new hours, are cancelled; a new place moves the rest),
 * a day that gets another village or none cancels its visit and its bookings — each booking with
 * one SMS, after the admin has confirmed how many (runCalendarChange).
 */
export async function setVillageRotation(
  input: VillageRotationInput & { actor: Actor; confirmAffected?: number },
): Promise<CalendarChangeResult> {
  const { actor } = input;
  assertRole(actor, "admin");
  const hallId = actor.hallId;
  const today = shanghaiDate();
  if (input.startsOn <= today || input.startsOn > addDays(today, 366))
    throw new AppError("invalid_input", undefined, { startsOn: "生效日期应为明天起一年内" });
  if (!(input.startTime < input.endTime))
    throw new AppError("invalid_input", undefined, { endTime: "结束时间应晚于开始时间" });
  if (input.villages.length === 0) throw new AppError("invalid_input", undefined, { villages: "请至少安排一个村" });
  if (input.themes.length === 0) throw new AppError("invalid_input", undefined, { themes: "请至少设一个主题" });
  const villageIds = input.villages.map((v) => v.villageId);
  if (new Set(villageIds).size !== villageIds.length)
    throw new AppError("invalid_input", undefined, { villages: "同一个村不能在轮换里出现两次" });

  return runCalendarChange(input.confirmAffected, async (tx) => {
    const staffUserId = await hallStaffId(tx, { hallId, staffUserId: input.staffUserId });
    const own = await tx
      .select({ id: villages.id })
      .from(villages)
      .where(and(eq(villages.hallId, hallId), inArray(villages.id, villageIds)));
    if (own.length !== villageIds.length)
      throw new AppError("invalid_input", undefined, { villages: "轮换里有不属于本中心的村" });

    const known = new Set(
      (
        await tx
          .selectDistinct({ category: serviceItems.category })
          .from(serviceItems)
          .where(eq(serviceItems.hallId, hallId))
      ).map((c) => c.category),
    );
    const unknown = [...new Set(input.themes.flatMap((t) => t.categories))].filter((c) => !known.has(c));
    if (unknown.length)
      throw new AppError("invalid_input", undefined, { themes: `没有这些事项类别：${unknown.join("、")}` });

    const rule = {
      weekday: input.weekday,
      startTime: input.startTime,
      endTime: input.endTime,
      startsOn: input.startsOn,
      staffUserId,
    };
    const [savedRule] = await tx
      .insert(villageDayRules)
      .values({ hallId, ...rule })
      .onConflictDoUpdate({ target: [villageDayRules.hallId], set: rule })
      .returning();
    await tx.delete(villageRotation).where(eq(villageRotation.hallId, hallId));
    await tx
      .insert(villageRotation)
      .values(
        input.villages.map((v, position) => ({ hallId, position, villageId: v.villageId, location: v.location })),
      );
    await tx.delete(villageDayThemes).where(eq(villageDayThemes.hallId, hallId));
    await tx
      .insert(villageDayThemes)
      .values(input.themes.map((t, position) => ({ hallId, position, theme: t.theme, categories: t.categories })));

    const to = await lastSessionDate(tx, hallId);
    const plan = new Map(
      planVillageDays({
        hallId,
        rule: savedRule,
        rotation: input.villages,
        themes: input.themes,
        from: input.startsOn,
        to,
      }).map((v) => [v.date, v]),
    );
    const existing = await tx
      .select()
      .from(villageVisits)
      .where(and(eq(villageVisits.hallId, hallId), gte(villageVisits.date, input.startsOn)));
    const results = [];
    // Visits that go first (the rotation's one-visit-a-day index), then the ones that stay or come back.
    for (const visit of existing) {
      if (visit.isCancelled) continue;
      const planned = plan.get(visit.date);
      if (planned && planned.villageId === visit.villageId) continue;
      await tx
        .update(villageVisits)
        .set({ isCancelled: true, fromRotation: false })
        .where(eq(villageVisits.id, visit.id));
      results.push(await reshapeVisitSession(tx, { hallId, visitId: visit.id, planned: null }));
    }
    for (const planned of plan.values()) {
      const same = existing.find((v) => v.date === planned.date && v.villageId === planned.villageId);
      if (!same) {
        await tx.insert(villageVisits).values(planned);
        continue;
      }
      await tx
        .update(villageVisits)
        .set({
          theme: planned.theme,
          categories: planned.categories,
          location: planned.location,
          startTime: planned.startTime,
          endTime: planned.endTime,
          staffUserId: planned.staffUserId,
          fromRotation: true,
          isCancelled: false,
        })
        .where(eq(villageVisits.id, same.id));
      results.push(
        await reshapeVisitSession(tx, { hallId, visitId: same.id, planned, wasCancelled: same.isCancelled }),
      );
    }
    await remakeSessions(tx, { hallId, from: input.startsOn });
    const result = addUp(results);
    await recordAudit(tx, {
      hallId,
      actorId: actor.id,
      actorName: actor.username,
      action: "calendar.set_village_rotation",
      objectType: "village_rotation",
      objectId: input.startsOn,
      result: "ok",
      detail: {
        ...rule,
        villages: villageIds,
        themes: input.themes.map((t) => t.theme),
        ...result,
      },
    });
    return result;
  });
}

async function reshapeVisitSession(
  tx: Tx,
  input: {
    hallId: number;
    visitId: number;
    planned: { startTime: string; endTime: string; location: string; categories: string[] } | null;
    wasCancelled?: boolean;
  },
) {
  const [session] = await tx
    .select({ id: serviceSessions.id })
    .from(serviceSessions)
    .where(and(eq(serviceSessions.villageVisitId, input.visitId), eq(serviceSessions.hallId, input.hallId)));
  if (!session) return { cancelled: 0, moved: 0, waitlist: 0 };
  const { planned } = input;
  if (planned && input.wasCancelled)
    await tx.update(serviceSessions).set({ isCancelled: false }).where(eq(serviceSessions.id, session.id));
  return reshapeSession(tx, {
    hallId: input.hallId,
    sessionId: session.id,
    periods: planned ? [[planned.startTime, planned.endTime]] : null,
    location: planned?.location,
    categories: planned?.categories,
    reason: REASON,
  });
}
