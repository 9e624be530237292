import "server-only";
import { and, desc, eq, gte, isNull, notExists } from "drizzle-orm";
import type { Db, Tx } from "@/db/connection";
import { evaluations, tickets } from "@/db/schema";
import { shanghaiDate } from "@/lib/time";

/** How long after the clerk finishes a visit the pad still asks for its rating. */
export const PAD_RATING_MINUTES = 15;

/** The visit the pad asks about: the window's latest finished ticket of the last minutes, not yet rated. */
export async function pendingPadTicket(db: Db | Tx, input: { hallId: number; windowId: number; now?: Date }) {
  const now = input.now ?? new Date();
  const [ticket] = await db
    .select({ id: tickets.id, number: tickets.number })
    .from(tickets)
    .where(
      and(
        eq(tickets.hallId, input.hallId),
        eq(tickets.windowId, input.windowId),
        eq(tickets.serviceDate, shanghaiDate(now)),
        eq(tickets.status, "done"),
        gte(tickets.finishedAt, new Date(now.getTime() - PAD_RATING_MINUTES * 60_000)),
        notExists(
          db
            .select({ id: evaluations.id })
            .from(evaluations)
            .where(and(eq(evaluations.ticketId, tickets.id), isNull(evaluations.caseId))),
        ),
      ),
    )
    .orderBy(desc(tickets.finishedAt), desc(tickets.id))
    .limit(1);
  return ticket ?? null;
}
