import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import type { Tx } from "@/db/connection";
import {
  bookings,
  cases,
  evaluations,
  serviceItems,
  serviceSessions,
  slots,
  villageRecords,
  villageVisits,
  type CaseStatus,
} from "@/db/schema";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { recordAudits } from "@/lib/audit";
import { CASE_STATUS_LABEL } from "@/lib/cases/labels";
import { takeInCasesIn } from "@/lib/cases/take-in-cases";
import { requestFingerprint } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import { checkRating, insertEvaluation } from "@/lib/evaluations/record-evaluation";
import { villageItemOffered } from "@/lib/village/get-village-day";
import type { VillageRecord } from "@/lib/village/schemas";

export interface VillageRecordResult {
  id: string;
  kind: VillageRecord["kind"];
  /** True when the record had been applied before (a retried sync): nothing new was made. */
  isRepeat: boolean;
  caseNo?: string;
  status?: CaseStatus;
  statusLabel?: string;
  bookingCode?: string;
  followUpDueDate?: string | null;
}

// A device's clock may be a little ahead; a record older than the 48 h the device keeps its data
// (plus a day's grace) cannot come from a device that follows the rules.
const CLOCK_SKEW_MS = 10 * 60_000;
const OLDEST_MS = 72 * 3_600_000;

/**
 * Applies one record a village-day device made offline, once: the device's UUID is the key. The
 * record's effect and its `village_records` row commit together, under a transaction-scoped lock
 * on the key, so a sync retried after a lost answer (or sent twice at once) finds the row and
 * answers as the first time. A refused record (bad ID number, an item no longer offered, a booking
 * cancelled meanwhile) rolls back whole and answers with its reason; the device keeps it.
 */
export async function syncVillageRecord(input: {
  actor: Actor;
  record: VillageRecord;
  now?: Date;
}): Promise<VillageRecordResult> {
  const { actor, record } = input;
  assertRole(actor, "clerk");
  const now = input.now ?? new Date();
  const madeAt = new Date(record.madeAt);
  if (madeAt.getTime() > now.getTime() + CLOCK_SKEW_MS || madeAt.getTime() < now.getTime() - OLDEST_MS) {
    throw new AppError("invalid_input", "记录时间不正确：请核对平板的日期和时间", { madeAt: "记录时间不正确" });
  }
  const { id, ...content } = record;
  const hash = requestFingerprint(["village", id, content]);
  const db = await getDb();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`village:${actor.hallId}:${id}`}, 0))`);
    const earlier = await answerEarlier(tx, actor.hallId, id, hash);
    if (earlier) return earlier;

    const [visit] = await tx
      .select({ id: villageVisits.id, villageId: villageVisits.villageId, categories: villageVisits.categories })
      .from(villageVisits)
      .where(and(eq(villageVisits.id, record.visitId), eq(villageVisits.hallId, actor.hallId)));
    if (!visit) throw new AppError("not_found", "没有找到这次下村服务日");
    const row = { hallId: actor.hallId, clientId: id, villageVisitId: visit.id, requestHash: hash, madeAt };
    const syncedBy = actor.id;

    if (record.kind === "check_in") {
      const [booking] = await tx
        .select({ id: bookings.id, status: bookings.status })
        .from(bookings)
        .innerJoin(slots, eq(slots.id, bookings.slotId))
        .innerJoin(serviceSessions, eq(serviceSessions.id, slots.sessionId))
        .where(
          and(
            eq(bookings.hallId, actor.hallId),
            eq(bookings.code, record.bookingCode),
            eq(serviceSessions.villageVisitId, visit.id),
          ),
        )
        .for("update", { of: bookings });
      if (!booking) throw new AppError("not_found", `这次下村日没有预约码为 ${record.bookingCode} 的预约`);
      if (booking.status === "cancelled") throw new AppError("booking_closed", "该预约已被取消，不能签到");
      if (booking.status !== "confirmed") throw new AppError("conflict", "该预约已签到或已办理");
      await tx
        .update(bookings)
        .set({ status: "checked_in", checkedInAt: madeAt })
        .where(and(eq(bookings.id, booking.id), eq(bookings.status, "confirmed")));
      await tx.insert(villageRecords).values({ ...row, kind: "check_in", bookingId: booking.id, syncedBy });
      await recordAudits(tx, [
        {
          hallId: actor.hallId,
          actorId: actor.id,
          actorName: actor.name,
          action: "booking.village_check_in",
          objectType: "booking",
          objectId: record.bookingCode,
          result: "ok",
          detail: { visitId: visit.id, madeAt: record.madeAt },
        },
      ]);
      return { id, kind: record.kind, isRepeat: false, bookingCode: record.bookingCode };
    }

    if (record.kind === "case") {
      const [offered] = await tx
        .select({ id: serviceItems.id })
        .from(serviceItems)
        .where(and(eq(serviceItems.code, record.service), villageItemOffered(actor.hallId, visit.categories)));
      if (!offered) {
        throw new AppError("invalid_input", "该事项已不在本次下村日办理范围内，请改选事项或请群众到窗口办理", {
          service: "该事项已不在本次下村日办理",
        });
      }
      const {
        kind: _kind,
        visitId: _visitId,
        madeAt: _madeAt,
        ...intake
      } = content as Extract<typeof content, { kind: "case" }>;
      const { taken } = await takeInCasesIn(tx, {
        actor,
        items: [{ ...intake, at: madeAt, channel: "village", villageId: visit.villageId }],
      });
      const made = taken[0];
      await tx.insert(villageRecords).values({ ...row, kind: "case", caseId: made.id, syncedBy });
      return {
        id,
        kind: record.kind,
        isRepeat: false,
        caseNo: made.caseNo,
        status: made.status,
        statusLabel: CASE_STATUS_LABEL[made.status],
      };
    }

    const rating = checkRating(record);
    const [rated] = await tx
      .select({ caseId: cases.id, caseNo: cases.caseNo })
      .from(villageRecords)
      .innerJoin(cases, eq(cases.id, villageRecords.caseId))
      .where(and(eq(villageRecords.hallId, actor.hallId), eq(villageRecords.clientId, record.caseRecordId)));
    if (!rated) throw new AppError("conflict", "所评价的办件还没有上传成功：请先处理该办件，再上传评价");
    const evaluation = await insertEvaluation(tx, {
      hallId: actor.hallId,
      caseId: rated.caseId,
      ticketId: null,
      stage: "service",
      rating,
      actorId: actor.id,
      actorName: actor.name,
      objectId: rated.caseNo,
      at: madeAt,
    });
    await tx.insert(villageRecords).values({ ...row, kind: "rating", evaluationId: evaluation.id, syncedBy });
    return {
      id,
      kind: record.kind,
      isRepeat: false,
      caseNo: rated.caseNo,
      followUpDueDate: evaluation.followUpDueDate,
    };
  });
}

/** The answer of a record applied before, or null; the same id with other content is refused. */
async function answerEarlier(tx: Tx, hallId: number, id: string, hash: string): Promise<VillageRecordResult | null> {
  const [earlier] = await tx
    .select({
      kind: villageRecords.kind,
      requestHash: villageRecords.requestHash,
      caseNo: cases.caseNo,
      status: cases.status,
      bookingCode: bookings.code,
      followUpDueDate: evaluations.followUpDueDate,
      ratedCaseId: evaluations.caseId,
    })
    .from(villageRecords)
    .leftJoin(cases, eq(cases.id, villageRecords.caseId))
    .leftJoin(bookings, eq(bookings.id, villageRecords.bookingId))
    .leftJoin(evaluations, eq(evaluations.id, villageRecords.evaluationId))
    .where(and(eq(villageRecords.hallId, hallId), eq(villageRecords.clientId, id)));
  if (!earlier) return null;
  if (earlier.requestHash !== hash) {
    throw new AppError("idempotency_mismatch", "同一条记录编号不能用于不同的内容");
  }
  const base = { id, kind: earlier.kind, isRepeat: true };
  if (earlier.kind === "case") {
    return {
      ...base,
      caseNo: earlier.caseNo!,
      status: earlier.status!,
      statusLabel: CASE_STATUS_LABEL[earlier.status!],
    };
  }
  if (earlier.kind === "check_in") return { ...base, bookingCode: earlier.bookingCode! };
  const [rated] = await tx.select({ caseNo: cases.caseNo }).from(cases).where(eq(cases.id, earlier.ratedCaseId!));
  return { ...base, caseNo: rated?.caseNo, followUpDueDate: earlier.followUpDueDate };
}
