import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { tickets } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { selectTickets } from "@/lib/queue/ticket-view";
import { countAhead, estimate } from "@/lib/queue/wait-estimate";
import { shanghaiDate } from "@/lib/time";

/** Where one ticket of today stands: for the villager's phone (no personal data). */
export async function getTicketProgress(input: { hallId: number; number: string }) {
  const db = await getDb();
  const today = shanghaiDate();
  const rows = await selectTickets(
    db,
    and(
      eq(tickets.hallId, input.hallId),
      eq(tickets.serviceDate, today),
      eq(tickets.number, input.number.toUpperCase()),
    ),
  );
  const ticket = rows[0];
  if (!ticket) throw new AppError("not_found", "今天没有这个号，请核对号码");
  const [full] = await db.select({ serviceDate: tickets.serviceDate }).from(tickets).where(eq(tickets.id, ticket.id));
  const ahead =
    ticket.status === "waiting"
      ? await countAhead(db, {
          id: ticket.id,
          queueId: ticket.queueId,
          priority: ticket.priority,
          seq: ticket.seq,
          serviceDate: full.serviceDate,
        })
      : 0;
  return {
    number: ticket.number,
    status: ticket.status,
    window: ticket.view.window,
    ahead,
    estimatedMinutes: ticket.status === "waiting" ? await estimate(db, { queueId: ticket.queueId, today, ahead }) : 0,
  };
}
