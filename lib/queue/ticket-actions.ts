import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import type { Tx } from "@/db/connection";
import { tickets, windowQueues } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { publishQueueEvent, type QueueEventInput } from "@/lib/queue/events";
import { PRIORITY } from "@/lib/queue/order";
import { requireOwnWindow, selectTickets, windowNumber } from "@/lib/queue/ticket-view";

async function servesQueue(tx: Tx, windowId: number, queueId: number) {
  const rows = await tx
    .select({ queueId: windowQueues.queueId })
    .from(windowQueues)
    .where(and(eq(windowQueues.windowId, windowId), eq(windowQueues.queueId, queueId)));
  return rows.length > 0;
}

/** Lock the clerk's own ticket (at their window) in one of the given states. */
async function lockOwnTicket(
  tx: Tx,
  actor: Actor,
  ticketId: number,
  statuses: ("called" | "serving" | "parked" | "waiting")[],
) {
  const windowId = requireOwnWindow(actor);
  const [ticket] = await tx
    .select({
      id: tickets.id,
      number: tickets.number,
      status: tickets.status,
      windowId: tickets.windowId,
      queueId: tickets.queueId,
      recallCount: tickets.recallCount,
      priority: tickets.priority,
    })
    .from(tickets)
    .where(and(eq(tickets.id, ticketId), eq(tickets.hallId, actor.hallId)))
    .for("update");
  if (!ticket) throw new AppError("not_found", "没有这个号");
  // A parked ticket keeps the window that parked it; besides that window, any window serving the
  // ticket's queue may restore it (it comes back to that window, which can call it). A window that
  // cannot call it would strand it.
  const isOwn =
    ticket.windowId === windowId || (ticket.status === "parked" && (await servesQueue(tx, windowId, ticket.queueId)));
  if (!isOwn) throw new AppError("forbidden", "这个号不在您的窗口");
  if (!statuses.includes(ticket.status as never))
    throw new AppError("conflict", `${ticket.number} 号当前状态不能进行此操作`);
  return { ...ticket, ownWindowId: windowId, ownWindowNumber: await windowNumber(tx, windowId) };
}

type Change = { kind: QueueEventInput["kind"]; set: Partial<typeof tickets.$inferInsert>; note?: string };

export async function changeTicket(input: {
  actor: Actor;
  ticketId: number;
  from: ("called" | "serving" | "parked" | "waiting")[];
  // Everything inside goes through `tx`: the outer `db` would deadlock PGlite.
  change: (t: Awaited<ReturnType<typeof lockOwnTicket>>, tx: Tx) => Change | Promise<Change>;
}) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const ticket = await lockOwnTicket(tx, input.actor, input.ticketId, input.from);
    const change = await input.change(ticket, tx);
    await tx.update(tickets).set(change.set).where(eq(tickets.id, ticket.id));
    await publishQueueEvent(tx, {
      hallId: input.actor.hallId,
      kind: change.kind,
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      windowNumber: ticket.ownWindowNumber,
      actorId: input.actor.id,
      note: change.note ?? null,
    });
    return (await selectTickets(tx, eq(tickets.id, ticket.id)))[0].view;
  });
}

/** Call the same ticket again; past the recall limit it is dropped as a no-show. */
export function recallTicket(input: { actor: Actor; ticketId: number }) {
  const limit = env().QUEUE_RECALL_LIMIT;
  return changeTicket({
    ...input,
    from: ["called"],
    change: (t) =>
      t.recallCount >= limit
        ? {
            kind: "no_show",
            set: { status: "no_show", finishedAt: new Date() },
            note: `重呼 ${limit} 次未到，自动过号`,
          }
        : { kind: "recalled", set: { recallCount: t.recallCount + 1, calledAt: new Date() } },
  });
}

export function markNoShow(input: { actor: Actor; ticketId: number }) {
  return changeTicket({
    ...input,
    from: ["called"],
    change: () => ({ kind: "no_show", set: { status: "no_show", finishedAt: new Date() } }),
  });
}

export function startService(input: { actor: Actor; ticketId: number }) {
  return changeTicket({
    ...input,
    from: ["called"],
    change: () => ({ kind: "started", set: { status: "serving", startedAt: new Date() } }),
  });
}

export function finishService(input: { actor: Actor; ticketId: number }) {
  return changeTicket({
    ...input,
    from: ["called", "serving"],
    change: () => ({ kind: "finished", set: { status: "done", finishedAt: new Date() } }),
  });
}

/**
 * Set a ticket aside (the villager went to fetch a missing paper); it keeps its place, and its
 * window as the one it was parked at (only called or serving tickets hold a window for calling).
 */
export function parkTicket(input: { actor: Actor; ticketId: number }) {
  return changeTicket({
    ...input,
    from: ["called", "serving"],
    change: () => ({ kind: "parked", set: { status: "parked" } }),
  });
}

/** Back in line at its original place, to be called by this window (the parking one or one serving its queue). */
export function unparkTicket(input: { actor: Actor; ticketId: number }) {
  return changeTicket({
    ...input,
    from: ["parked"],
    change: (t) => ({
      kind: "unparked",
      set: { status: "waiting", targetWindowId: t.ownWindowId, priority: Math.max(t.priority, PRIORITY.transferred) },
    }),
  });
}
