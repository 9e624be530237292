import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/connection";
import { bookings, queues, serviceItems, tickets, windows } from "@/db/schema";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import type { TicketView } from "@/lib/queue/types";

/** The clerk's own window; a clerk without one may not work the queue. */
export function requireOwnWindow(actor: Actor): number {
  assertRole(actor, "clerk");
  if (!actor.windowId) throw new AppError("forbidden", "您的账号没有分配窗口，请联系管理员");
  return actor.windowId;
}

const ticketColumns = {
  id: tickets.id,
  number: tickets.number,
  queue: queues.prefix,
  status: tickets.status,
  source: tickets.source,
  priority: tickets.priority,
  isGreenChannel: tickets.isGreenChannel,
  windowId: tickets.windowId,
  targetWindowId: tickets.targetWindowId,
  recallCount: tickets.recallCount,
  createdAt: tickets.createdAt,
  seq: tickets.seq,
  calledAt: tickets.calledAt,
  serviceName: serviceItems.name,
  bookingCode: bookings.code,
  applicantName: bookings.applicantName,
  note: tickets.note,
  hallId: tickets.hallId,
  queueId: tickets.queueId,
};

export async function selectTickets(db: Db | Tx, where: ReturnType<typeof and>, order = [asc(tickets.id)]) {
  const rows = await db
    .select(ticketColumns)
    .from(tickets)
    .innerJoin(queues, eq(queues.id, tickets.queueId))
    .leftJoin(serviceItems, eq(serviceItems.id, tickets.serviceItemId))
    .leftJoin(bookings, eq(bookings.id, tickets.bookingId))
    .where(where)
    .orderBy(...order);
  // The windows of the tickets' hall only: the district's other halls have windows of their own.
  const hallIds = [...new Set(rows.map((r) => r.hallId))];
  const windowNumbers = new Map(
    hallIds.length === 0
      ? []
      : (
          await db
            .select({ id: windows.id, number: windows.number })
            .from(windows)
            .where(inArray(windows.hallId, hallIds))
        ).map((w) => [w.id, w.number]),
  );
  return rows.map((r) => ({
    ...r,
    view: {
      id: r.id,
      number: r.number,
      queue: r.queue,
      status: r.status,
      source: r.source,
      priority: r.priority,
      isGreenChannel: r.isGreenChannel,
      window: r.windowId ? (windowNumbers.get(r.windowId) ?? null) : null,
      targetWindow: r.targetWindowId ? (windowNumbers.get(r.targetWindowId) ?? null) : null,
      recallCount: r.recallCount,
      createdAt: r.createdAt.toISOString(),
      calledAt: r.calledAt?.toISOString() ?? null,
      serviceName: r.serviceName,
      bookingCode: r.bookingCode,
      applicantName: r.applicantName,
      note: r.note,
    } satisfies TicketView,
  }));
}

export async function windowNumber(db: Db | Tx, windowId: number) {
  const [w] = await db.select({ number: windows.number }).from(windows).where(eq(windows.id, windowId));
  return w?.number ?? null;
}

/** Average service minutes of the queue today (recent finished tickets), for wait estimates. */
