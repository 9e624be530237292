import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { tickets } from "@/db/schema";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { checkRating, insertEvaluation, type RatingInput } from "@/lib/evaluations/record-evaluation";

/** The villager rates the visit on the pad at the window: one rating per ticket, of that window only. */
export async function submitPadEvaluation(
  input: RatingInput & { actor: Actor; ticketId: number },
): Promise<{ id: number; followUpDueDate: string | null }> {
  const { actor } = input;
  assertRole(actor, "pad");
  if (!actor.windowId) throw new AppError("forbidden", "该评价器没有绑定窗口，请联系管理员");
  const rating = checkRating(input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [ticket] = await tx
      .select({ id: tickets.id, number: tickets.number })
      .from(tickets)
      .where(
        and(
          eq(tickets.id, input.ticketId),
          eq(tickets.hallId, actor.hallId),
          eq(tickets.windowId, actor.windowId!),
          eq(tickets.status, "done"),
        ),
      );
    if (!ticket) throw new AppError("not_found", "没有找到这次办理，请向工作人员咨询");
    return insertEvaluation(tx, {
      hallId: actor.hallId,
      caseId: null,
      ticketId: ticket.id,
      stage: "service",
      rating,
      actorId: actor.id,
      actorName: actor.name,
      objectId: ticket.number,
    });
  });
}
