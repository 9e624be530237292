import "server-only";
import { and, eq, inArray, or, sql } from "drizzle-orm";
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
import { recordAudits, type AuditEntry } from "@/lib/audit";
import { materialNamesOf } from "@/lib/cases/materials";
import { ratingToken, ratingTokenHash } from "@/lib/cases/rating-token";
import { hallWorkdays, promisedDueDate, type IsWorkday } from "@/lib/cases/working-days";
import { sealIdNumber, sealPhone } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import { addDays, isoWeekday, shanghaiDate } from "@/lib/time";
import { isValidIdNumber, isValidMobile } from "@/lib/validation/identity";

/** One intake: what the clerk's form (or the API) gives. */
export interface IntakeItem {
  ticketId?: number;
  bookingCode?: string;
  /** The item's code, e.g. RSJ-001. */
  service: string;
  name: string;
  phone: string;
  idNumber?: string;
  materials: { received: string[]; missing: string[] };
  notAcceptedReason?: string;
  /** Domain-only options (not in the API): the clerk who took it in, when the batch has several… */
  actor?: Actor;
  /** …the clock, for back-dated demo intake… */
  at?: Date;
  /** …and the channel of a walk-in at a weekend post or a village day, which no booking tells. */
  channel?: Channel;
  villageId?: number;
}

export interface TakenIn {
  id: number;
  caseNo: string;
  status: CaseStatus;
}

const SUPPLEMENT_NOTE = "请按清单一次性补齐以上材料后，带本告知书到窗口提交。";
// 60 working days (the longest promise) never span more than about 100 calendar days.
const HORIZON_DAYS = 200;

/** The applicant's fields, checked before any database work (the same checks for one or many). */
function checkApplicant(item: IntakeItem) {
  const phone = item.phone.trim();
  const idNumber = item.idNumber?.trim().toUpperCase() || undefined;
  const name = item.name.trim();
  if (!name) throw new AppError("invalid_input", undefined, { name: "请填写申请人姓名" });
  if (!isValidMobile(phone)) throw new AppError("invalid_input", undefined, { phone: "请填写正确的 11 位手机号码" });
  if (idNumber && !isValidIdNumber(idNumber)) {
    throw new AppError("invalid_input", undefined, { idNumber: "身份证号码不正确，请核对后重新填写" });
  }
  return { phone, idNumber, name, notAcceptedReason: item.notAcceptedReason?.trim() || null };
}

/** The tickets and bookings the intakes name, each looked up once for the whole batch. */
async function resolveVisits(tx: Tx, hallId: number, items: IntakeItem[]) {
  const ticketIds = [...new Set(items.flatMap((i) => (i.ticketId === undefined ? [] : [i.ticketId])))];
  const ticketRows =
    ticketIds.length === 0
      ? []
      : await tx
          .select({ id: tickets.id, bookingId: tickets.bookingId })
          .from(tickets)
          .where(
            and(
              inArray(tickets.id, ticketIds),
              eq(tickets.hallId, hallId),
              inArray(tickets.status, ["called", "serving", "done"]),
            ),
          );
  const ticketById = new Map(ticketRows.map((t) => [t.id, t]));
  const ticketOf = items.map((i) => {
    if (i.ticketId === undefined) return null;
    const ticket = ticketById.get(i.ticketId);
    if (!ticket) throw new AppError("not_found", "没有找到正在办理的这张号，请刷新后重试");
    return ticket;
  });
  const bookingIds = [...new Set(ticketOf.flatMap((t) => (t?.bookingId ? [t.bookingId] : [])))];
  const codes = [
    ...new Set(
      items.flatMap((i, n) => (!ticketOf[n]?.bookingId && i.bookingCode ? [i.bookingCode.trim().toUpperCase()] : [])),
    ),
  ];
  const bookingRows =
    bookingIds.length === 0 && codes.length === 0
      ? []
      : await tx
          .select({
            id: bookings.id,
            code: bookings.code,
            channel: serviceSessions.channel,
            villageId: villageVisits.villageId,
          })
          .from(bookings)
          .innerJoin(slots, eq(slots.id, bookings.slotId))
          .innerJoin(serviceSessions, eq(serviceSessions.id, slots.sessionId))
          .leftJoin(villageVisits, eq(villageVisits.id, serviceSessions.villageVisitId))
          .where(
            and(
              or(
                bookingIds.length ? inArray(bookings.id, bookingIds) : undefined,
                codes.length ? inArray(bookings.code, codes) : undefined,
              ),
              eq(bookings.hallId, hallId),
              sql`${bookings.status} <> 'cancelled'`,
            ),
          );
  return items.map((item, n) => {
    const ticket = ticketOf[n];
    const code = item.bookingCode?.trim().toUpperCase();
    const wanted = ticket?.bookingId ? { id: ticket.bookingId } : code ? { code } : null;
    if (!wanted) return { ticket, booking: null };
    const row = bookingRows.find((b) => ("id" in wanted ? b.id === wanted.id : b.code === wanted.code));
    if (!row) throw new AppError("not_found", "没有找到这个预约，请核对预约码", { bookingCode: "没有找到这个预约" });
    return { ticket, booking: { id: row.id, channel: row.channel, villageId: row.villageId } };
  });
}

/**
 * 受理, for one case or many: each intake is checked by the same rules (the applicant, the item's
 * materials list, the ticket or booking), gets its status (accepted / needs_supplement with the
 * one-time 补正 notice / not_accepted), its due date on the hall's working days, the materials
 * snapshot, its rating token hash and a gapless number — one counter UPDATE per hall and year for
 * the whole batch — and its first events; rows, events and audit lines go in as multi-row INSERTs.
 * Runs in `tx` as given (the caller's transaction); `takeInCases` opens one.
 */
export async function takeInCasesIn(
  tx: Tx,
  input: { actor: Actor; at?: Date; items: IntakeItem[] },
): Promise<{ taken: TakenIn[]; isWorkday: IsWorkday }> {
  const hallId = input.actor.hallId;
  const prepared = input.items.map((item) => {
    const actor = item.actor ?? input.actor;
    assertRole(actor, "clerk");
    if (actor.hallId !== hallId) throw new AppError("forbidden");
    const at = item.at ?? input.at ?? new Date();
    return { item, actor, at, acceptedOn: shanghaiDate(at), ...checkApplicant(item) };
  });
  if (prepared.length === 0) return { taken: [], isWorkday: () => true };

  const codes = [...new Set(input.items.map((i) => i.service))];
  const itemRows = await tx
    .select({
      id: serviceItems.id,
      code: serviceItems.code,
      departmentId: serviceItems.departmentId,
      kind: serviceItems.kind,
      promisedDays: serviceItems.promisedDays,
      materials: serviceItems.materials,
    })
    .from(serviceItems)
    .where(and(eq(serviceItems.hallId, hallId), inArray(serviceItems.code, codes), eq(serviceItems.isActive, true)));
  const itemByCode = new Map(itemRows.map((r) => [r.code, r]));
  const withMaterials = prepared.map((p) => {
    const item = itemByCode.get(p.item.service);
    if (!item) throw new AppError("not_found", "没有这个事项，请重新选择", { service: "没有这个事项" });
    const received = materialNamesOf(item.materials, p.item.materials.received, "materials.received");
    const declaredMissing = materialNamesOf(item.materials, p.item.materials.missing, "materials.missing");
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
    return { ...p, serviceItem: item, received, missing, requiredMissing };
  });

  const visits = await resolveVisits(tx, hallId, input.items);
  const days = withMaterials.map((p) => p.acceptedOn).sort();
  const isWorkday = await hallWorkdays(tx, {
    hallId,
    from: addDays(days[0], -HORIZON_DAYS),
    to: addDays(days[days.length - 1], HORIZON_DAYS),
  });

  // The numbers: one counter UPDATE per year of the batch, then each intake its own in order.
  const [hall] = await tx.select({ prefix: halls.casePrefix }).from(halls).where(eq(halls.id, hallId));
  const perYear = new Map<number, number>();
  for (const p of withMaterials) {
    const year = Number(p.acceptedOn.slice(0, 4));
    perYear.set(year, (perYear.get(year) ?? 0) + 1);
  }
  const nextOfYear = new Map<number, number>();
  for (const [year, n] of perYear) {
    // The counter row stays locked until the intake commits: racing clerks wait, no gaps.
    const [row] = rowsOf<{ last: number }>(
      await tx.execute(sql`
        insert into case_counters (hall_id, year, last) values (${hallId}, ${year}, ${n})
        on conflict (hall_id, year) do update set last = case_counters.last + ${n}
        returning last`),
    );
    nextOfYear.set(year, Number(row.last) - n + 1);
  }

  const rows = withMaterials.map((p, n) => {
    const { ticket, booking } = visits[n];
    const year = Number(p.acceptedOn.slice(0, 4));
    const seq = nextOfYear.get(year)!;
    nextOfYear.set(year, seq + 1);
    const caseNo = `${hall.prefix}${year}${String(seq).padStart(6, "0")}`;
    const channel: Channel =
      booking?.channel ??
      p.item.channel ??
      (!isWorkday(p.acceptedOn) && isoWeekday(p.acceptedOn) >= 6 ? "weekend" : "window");
    const status: CaseStatus = p.notAcceptedReason
      ? "not_accepted"
      : p.requiredMissing.length > 0
        ? "needs_supplement"
        : "accepted";
    const dueDate =
      status !== "not_accepted" && p.serviceItem.kind === "promised" && p.serviceItem.promisedDays
        ? promisedDueDate(p.acceptedOn, p.serviceItem.promisedDays, isWorkday)
        : null;
    const values: typeof cases.$inferInsert = {
      hallId,
      caseNo,
      serviceItemId: p.serviceItem.id,
      departmentId: p.serviceItem.departmentId,
      channel,
      source: booking ? "booking" : "walk_in",
      villageId: booking?.villageId ?? p.item.villageId ?? null,
      ticketId: ticket?.id ?? null,
      bookingId: booking?.id ?? null,
      applicantName: p.name,
      ...sealPhone(p.phone),
      ...sealIdNumber(p.idNumber),
      status,
      materialsList: p.serviceItem.materials,
      materialsReceived: p.received,
      materialsMissing: p.missing,
      notAcceptedReason: p.notAcceptedReason,
      ...(status === "needs_supplement"
        ? {
            supplementMissing: p.missing,
            supplementNote: SUPPLEMENT_NOTE,
            supplementIssuedAt: p.at,
            pausedFromStatus: "accepted" as const,
          }
        : {}),
      ratingTokenHash: ratingTokenHash(ratingToken(caseNo)),
      acceptedAt: p.at,
      dueDate,
      clerkId: p.actor.id,
      createdAt: p.at,
    };
    return { p, values, status, channel, ticket, booking };
  });

  const taken: TakenIn[] = [];
  for (let i = 0; i < rows.length; i += 400) {
    const chunk = rows.slice(i, i + 400);
    const ids = await tx
      .insert(cases)
      .values(chunk.map((r) => r.values))
      .returning({ id: cases.id, caseNo: cases.caseNo, status: cases.status });
    // RETURNING gives the rows in the VALUES order on both databases; match by number to be sure.
    const byNo = new Map(ids.map((r) => [r.caseNo, r]));
    for (const r of chunk) taken.push(byNo.get(r.values.caseNo)!);
  }

  const bookingIds = rows.flatMap((r) => (r.booking ? [r.booking.id] : []));
  if (bookingIds.length > 0) {
    // The booking has been served: it no longer counts against the applicant's active bookings.
    await tx
      .update(bookings)
      .set({ status: "completed" })
      .where(and(inArray(bookings.id, bookingIds), inArray(bookings.status, ["confirmed", "checked_in"])));
  }

  const events: (typeof caseEvents.$inferInsert)[] = [];
  const audits: AuditEntry[] = [];
  rows.forEach((r, n) => {
    const { p } = r;
    const mine: { kind: string; fromStatus: CaseStatus | null; toStatus: CaseStatus; note: string | null }[] = [
      p.notAcceptedReason
        ? { kind: "not_accepted", fromStatus: null, toStatus: "not_accepted", note: p.notAcceptedReason }
        : { kind: "accepted", fromStatus: null, toStatus: "accepted", note: null },
    ];
    if (r.status === "needs_supplement") {
      mine.push({
        kind: "supplement_requested",
        fromStatus: "accepted",
        toStatus: "needs_supplement",
        note: `需补正：${p.missing.join("、")}。${SUPPLEMENT_NOTE}`,
      });
    }
    mine.forEach((e, i) =>
      events.push({ ...e, hallId, caseId: taken[n].id, at: new Date(p.at.getTime() + i), actorId: p.actor.id }),
    );
    audits.push({
      hallId,
      actorId: p.actor.id,
      actorName: p.actor.name,
      action: "case.take_in",
      objectType: "case",
      objectId: taken[n].caseNo,
      result: "ok",
      detail: { status: r.status, service: p.item.service, channel: r.channel, ticketId: r.ticket?.id ?? null },
    });
  });
  for (let i = 0; i < events.length; i += 1000) await tx.insert(caseEvents).values(events.slice(i, i + 1000));
  await recordAudits(tx, audits);
  return { taken, isWorkday };
}

/** Many intakes in one transaction (the caller's, as a savepoint, when `tx` is given). */
export async function takeInCases(input: {
  actor: Actor;
  at?: Date;
  items: IntakeItem[];
  tx?: Tx;
}): Promise<TakenIn[]> {
  const work = async (tx: Tx) => (await takeInCasesIn(tx, input)).taken;
  return input.tx ? input.tx.transaction(work) : (await getDb()).transaction(work);
}
