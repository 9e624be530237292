import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf, type Tx } from "@/db/connection";
import {
  bookings,
  caseEvents,
  cases,
  halls,
  serviceItems,
  serviceSessions,
  slots,
  tickets,
  villageVisits,
  type CaseStatus,
  type Channel,
} from "@/db/schema";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit";
import { buildCaseView, type CaseView } from "@/lib/cases/case-view";
import { materialNamesOf } from "@/lib/cases/materials";
import { caseLinks, ratingToken, ratingTokenHash } from "@/lib/cases/rating-token";
import { hallWorkdaysFrom, promisedDueDate } from "@/lib/cases/working-days";
import { sealIdNumber, sealPhone } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import { isoWeekday, shanghaiDate } from "@/lib/time";
import { isValidIdNumber, isValidMobile } from "@/lib/validation/identity";

export interface TakeInCaseInput {
  actor: Actor;
  ticketId?: number;
  bookingCode?: string;
  /** The item's code, e.g. RSJ-001. */
  service: string;
  name: string;
  phone: string;
  idNumber?: string;
  materials: { received: string[]; missing: string[] };
  notAcceptedReason?: string;
  /** Domain-only options (not in the API): the clock, for back-dated demo intake… */
  at?: Date;
  /** …inside the caller's transaction (as a savepoint)… */
  tx?: Tx;
  /** …and the channel of a walk-in at a weekend post or a village day, which no booking tells. */
  channel?: Channel;
  villageId?: number;
}

export type TakenInCase = CaseView & { receipt: { trackUrl: string; rateUrl: string } };

/** The next case number of the hall and year; the counter row stays locked until the intake commits. */
async function nextCaseNo(tx: Tx, hallId: number, prefix: string, year: number) {
  const [row] = rowsOf<{ last: number }>(
    await tx.execute(sql`
      insert into case_counters (hall_id, year, last) values (${hallId}, ${year}, 1)
      on conflict (hall_id, year) do update set last = case_counters.last + 1
      returning last`),
  );
  return `${prefix}${year}${String(row.last).padStart(6, "0")}`;
}

/** Where the applicant came from: the ticket's booking, a booking code, or a walk-in. */
async function resolveVisit(tx: Tx, input: TakeInCaseInput) {
  const { actor } = input;
  let ticket: { id: number; bookingId: number | null } | null = null;
  if (input.ticketId !== undefined) {
    const [row] = await tx
      .select({ id: tickets.id, bookingId: tickets.bookingId })
      .from(tickets)
      .where(
        and(
          eq(tickets.id, input.ticketId),
          eq(tickets.hallId, actor.hallId),
          inArray(tickets.status, ["called", "serving", "done"]),
        ),
      );
    if (!row) throw new AppError("not_found", "没有找到正在办理的这张号，请刷新后重试");
    ticket = row;
  }
  const bookingWhere = ticket?.bookingId
    ? eq(bookings.id, ticket.bookingId)
    : input.bookingCode
      ? eq(bookings.code, input.bookingCode.trim().toUpperCase())
      : null;
  let booking: { id: number; channel: Channel; villageId: number | null } | null = null;
  if (bookingWhere) {
    const [row] = await tx
      .select({ id: bookings.id, channel: serviceSessions.channel, villageId: villageVisits.villageId })
      .from(bookings)
      .innerJoin(slots, eq(slots.id, bookings.slotId))
      .innerJoin(serviceSessions, eq(serviceSessions.id, slots.sessionId))
      .leftJoin(villageVisits, eq(villageVisits.id, serviceSessions.villageVisitId))
      .where(and(bookingWhere, eq(bookings.hallId, actor.hallId), sql`${bookings.status} <> 'cancelled'`));
    if (!row) throw new AppError("not_found", "没有找到这个预约，请核对预约码", { bookingCode: "没有找到这个预约" });
    booking = row;
  }
  return { ticket, booking };
}

/**
 * 受理: a clerk takes in a case at the window. All required materials received → accepted; a
 * required one missing → accepted with the one-time 补正 notice issued at once (needs_supplement);
 * with a reason → not_accepted (不予受理). Every case gets a gapless number of its hall and year in
 * the same transaction, and a timeline from its first event.
 */
export async function takeInCase(input: TakeInCaseInput): Promise<TakenInCase> {
  const { actor } = input;
  assertRole(actor, "clerk");
  const phone = input.phone.trim();
  const idNumber = input.idNumber?.trim().toUpperCase() || undefined;
  const name = input.name.trim();
  if (!name) throw new AppError("invalid_input", undefined, { name: "请填写申请人姓名" });
  if (!isValidMobile(phone)) throw new AppError("invalid_input", undefined, { phone: "请填写正确的 11 位手机号码" });
  if (idNumber && !isValidIdNumber(idNumber)) {
    throw new AppError("invalid_input", undefined, { idNumber: "身份证号码不正确，请核对后重新填写" });
  }
  const notAcceptedReason = input.notAcceptedReason?.trim() || null;
  const at = input.at ?? new Date();
  const acceptedOn = shanghaiDate(at);
  const work = async (tx: Tx) => {
    const [item] = await tx
      .select({
        id: serviceItems.id,
        name: serviceItems.name,
        departmentId: serviceItems.departmentId,
        kind: serviceItems.kind,
        promisedDays: serviceItems.promisedDays,
        materials: serviceItems.materials,
        channels: serviceItems.channels,
      })
      .from(serviceItems)
      .where(
        and(
          eq(serviceItems.hallId, actor.hallId),
          eq(serviceItems.code, input.service),
          eq(serviceItems.isActive, true),
        ),
      );
    if (!item) throw new AppError("not_found", "没有这个事项，请重新选择", { service: "没有这个事项" });
    const received = materialNamesOf(item.materials, input.materials.received, "materials.received");
    const declaredMissing = materialNamesOf(item.materials, input.materials.missing, "materials.missing");
    const both = received.find((m) => declaredMissing.includes(m));
    if (both) {
      throw new AppError("invalid_input", `“${both}”不能既已收又缺少`, {
        "materials.missing": `“${both}”不能既已收又缺少`,
      });
    }
    // A required material not ticked as received is missing, whatever the form said.
    const requiredMissing = item.materials.filter((m) => m.required && !received.includes(m.name)).map((m) => m.name);
    const missing = item.materials
      .map((m) => m.name)
      .filter((n) => declaredMissing.includes(n) || requiredMissing.includes(n));

    const { ticket, booking } = await resolveVisit(tx, input);
    const isWorkday = await hallWorkdaysFrom(tx, actor.hallId, acceptedOn);
    const channel: Channel =
      booking?.channel ??
      input.channel ??
      (!isWorkday(acceptedOn) && isoWeekday(acceptedOn) >= 6 ? "weekend" : "window");

    const status: CaseStatus = notAcceptedReason
      ? "not_accepted"
      : requiredMissing.length > 0
        ? "needs_supplement"
        : "accepted";
    const dueDate =
      status !== "not_accepted" && item.kind === "promised" && item.promisedDays
        ? promisedDueDate(acceptedOn, item.promisedDays, isWorkday)
        : null;

    const [hall] = await tx.select({ prefix: halls.casePrefix }).from(halls).where(eq(halls.id, actor.hallId));
    const caseNo = await nextCaseNo(tx, actor.hallId, hall.prefix, Number(acceptedOn.slice(0, 4)));
    const supplementNote = "请按清单一次性补齐以上材料后，带本告知书到窗口提交。";
    const [row] = await tx
      .insert(cases)
      .values({
        hallId: actor.hallId,
        caseNo,
        serviceItemId: item.id,
        departmentId: item.departmentId,
        channel,
        source: booking ? "booking" : "walk_in",
        villageId: booking?.villageId ?? input.villageId ?? null,
        ticketId: ticket?.id ?? null,
        bookingId: booking?.id ?? null,
        applicantName: name,
        ...sealPhone(phone),
        ...sealIdNumber(idNumber),
        status,
        materialsList: item.materials,
        materialsReceived: received,
        materialsMissing: missing,
        notAcceptedReason,
        ...(status === "needs_supplement"
          ? {
              supplementMissing: missing,
              supplementNote,
              supplementIssuedAt: at,
              pausedFromStatus: "accepted" as const,
            }
          : {}),
        ratingTokenHash: ratingTokenHash(ratingToken(caseNo)),
        acceptedAt: at,
        dueDate,
        clerkId: actor.id,
        createdAt: at,
      })
      .returning({ id: cases.id });

    if (booking) {
      // The booking has been served: it no longer counts against the applicant's active bookings.
      await tx
        .update(bookings)
        .set({ status: "completed" })
        .where(and(eq(bookings.id, booking.id), inArray(bookings.status, ["confirmed", "checked_in"])));
    }

    const events: { kind: string; fromStatus: CaseStatus | null; toStatus: CaseStatus; note: string | null }[] = [
      notAcceptedReason
        ? { kind: "not_accepted", fromStatus: null, toStatus: "not_accepted", note: notAcceptedReason }
        : { kind: "accepted", fromStatus: null, toStatus: "accepted", note: null },
    ];
    if (status === "needs_supplement") {
      events.push({
        kind: "supplement_requested",
        fromStatus: "accepted",
        toStatus: "needs_supplement",
        note: `需补正：${missing.join("、")}。${supplementNote}`,
      });
    }
    await tx.insert(caseEvents).values(
      events.map((e, i) => ({
        ...e,
        hallId: actor.hallId,
        caseId: row.id,
        at: new Date(at.getTime() + i),
        actorId: actor.id,
      })),
    );
    await recordAudit(tx, {
      hallId: actor.hallId,
      actorId: actor.id,
      actorName: actor.name,
      action: "case.take_in",
      objectType: "case",
      objectId: caseNo,
      result: "ok",
      detail: { status, service: input.service, channel, ticketId: ticket?.id ?? null },
    });
    return buildCaseView(tx, row.id, isWorkday);
  };
  const created = input.tx ? await input.tx.transaction(work) : await (await getDb()).transaction(work);
  return { ...created, receipt: caseLinks(created.caseNo) };
}
