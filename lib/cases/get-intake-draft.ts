import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { bookings, cases, departments, serviceItems, serviceSessions, slots, tickets, type Channel } from "@/db/schema";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { listColumns, toListItem, type CaseListItem } from "@/lib/cases/case-view";
import { hallWorkdaysFrom } from "@/lib/cases/working-days";
import { decryptPii } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import { shanghaiDate } from "@/lib/time";

export interface IntakeDraft {
  ticketNumber: string;
  bookingCode: string | null;
  service: string | null;
  name: string | null;
  phone: string | null;
  idNumber: string | null;
  channel: Channel;
  cases: CaseListItem[];
}

/**
 * What the intake form starts from for a ticket being served: the booking's item and applicant
 * (in clear: the clerk must check them), and the cases already made on this visit (一次办多件).
 */
export async function getIntakeDraft(input: { actor: Actor; ticketId: number }): Promise<IntakeDraft> {
  const { actor } = input;
  assertRole(actor, "clerk");
  const db = await getDb();
  const [ticket] = await db
    .select({
      id: tickets.id,
      number: tickets.number,
      ticketItem: serviceItems.code,
      bookingCode: bookings.code,
      bookingItemId: bookings.serviceItemId,
      name: bookings.applicantName,
      phoneEnc: bookings.phoneEnc,
      idNumberEnc: bookings.idNumberEnc,
      channel: serviceSessions.channel,
    })
    .from(tickets)
    .leftJoin(serviceItems, eq(serviceItems.id, tickets.serviceItemId))
    .leftJoin(bookings, eq(bookings.id, tickets.bookingId))
    .leftJoin(slots, eq(slots.id, bookings.slotId))
    .leftJoin(serviceSessions, eq(serviceSessions.id, slots.sessionId))
    .where(and(eq(tickets.id, input.ticketId), eq(tickets.hallId, actor.hallId)));
  if (!ticket) throw new AppError("not_found", "没有找到这张号");
  let service = ticket.ticketItem;
  if (ticket.bookingItemId) {
    const [item] = await db
      .select({ code: serviceItems.code })
      .from(serviceItems)
      .where(eq(serviceItems.id, ticket.bookingItemId));
    service = item?.code ?? service;
  }
  const today = shanghaiDate();
  const isWorkday = await hallWorkdaysFrom(db, actor.hallId, today);
  const made = await db
    .select(listColumns)
    .from(cases)
    .innerJoin(serviceItems, eq(serviceItems.id, cases.serviceItemId))
    .innerJoin(departments, eq(departments.id, cases.departmentId))
    .where(and(eq(cases.hallId, actor.hallId), eq(cases.ticketId, ticket.id)))
    .orderBy(desc(cases.id));
  return {
    ticketNumber: ticket.number,
    bookingCode: ticket.bookingCode,
    service,
    name: ticket.name,
    phone: ticket.phoneEnc ? decryptPii(ticket.phoneEnc) : null,
    idNumber: ticket.idNumberEnc ? decryptPii(ticket.idNumberEnc) : null,
    channel: ticket.channel ?? "window",
    cases: made.map((r) => toListItem(r, isWorkday, today)),
  };
}
