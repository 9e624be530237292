import "server-only";
import { and, asc, desc, eq, inArray, isNull, or } from "drizzle-orm";
import { getDb } from "@/db/client";
import { tickets, windowQueues } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { requireOwnWindow, selectTickets } from "@/lib/queue/ticket-view";
import { shanghaiDate } from "@/lib/time";

/** The clerk's screen: the ticket at the window, who waits for it (in calling order), who is parked. */
export async function getWindowDesk(input: { actor: Actor }) {
  const windowId = requireOwnWindow(input.actor);
  const db = await getDb();
  const today = shanghaiDate();
  const servedQueues = db
    .select({ id: windowQueues.queueId })
    .from(windowQueues)
    .where(eq(windowQueues.windowId, windowId));
  const [current, waiting, parked] = await Promise.all([
    selectTickets(
      db,
      and(
        eq(tickets.windowId, windowId),
        eq(tickets.serviceDate, today),
        inArray(tickets.status, ["called", "serving"]),
      ),
    ),
    selectTickets(
      db,
      and(
        eq(tickets.hallId, input.actor.hallId),
        eq(tickets.serviceDate, today),
        eq(tickets.status, "waiting"),
        inArray(tickets.queueId, servedQueues),
        or(isNull(tickets.targetWindowId), eq(tickets.targetWindowId, windowId)),
      ),
      [desc(tickets.priority), asc(tickets.seq), asc(tickets.id)],
    ),
    selectTickets(
      db,
      and(
        eq(tickets.hallId, input.actor.hallId),
        eq(tickets.serviceDate, today),
        eq(tickets.status, "parked"),
        inArray(tickets.queueId, servedQueues),
      ),
    ),
  ]);
  return { current: current[0]?.view ?? null, waiting: waiting.map((t) => t.view), parked: parked.map((t) => t.view) };
}
