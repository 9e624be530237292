import "server-only";
import { and, desc, eq, isNotNull, isNull, lt } from "drizzle-orm";
import { getDb } from "@/db/client";
import { cases, evaluations, halls, tickets, windows } from "@/db/schema";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { shanghaiDate } from "@/lib/time";

export interface FollowUp {
  id: number;
  /** The hall the rating was given at (the district reads every hall's). */
  hall: { code: string; name: string };
  level: number;
  reasons: string[];
  comment: string | null;
  caseNo: string | null;
  ticketNumber: string | null;
  windowNumber: number | null;
  createdAt: string;
  dueDate: string;
  state: "open" | "overdue" | "closed";
  callbackNote: string | null;
  change: string | null;
}

/**
 * 差评整改: the hall's follow-ups of poor ratings (the district's account: every hall's, read only). `open` lists every follow-up not closed yet
 * (overdue ones included, each marked), `overdue` only those past their due date, `closed` the done.
 */
export async function listFollowUps(input: {
  actor: Actor;
  state?: "open" | "overdue" | "closed";
  limit?: number;
}): Promise<FollowUp[]> {
  const { actor } = input;
  assertRole(actor, "manager", "admin", "district");
  const db = await getDb();
  const today = shanghaiDate();
  const state =
    input.state === "closed"
      ? isNotNull(evaluations.callbackAt)
      : input.state === "overdue"
        ? and(isNull(evaluations.callbackAt), lt(evaluations.followUpDueDate, today))
        : input.state === "open"
          ? isNull(evaluations.callbackAt)
          : undefined;
  const rows = await db
    .select({
      id: evaluations.id,
      hallCode: halls.code,
      hallName: halls.name,
      level: evaluations.level,
      reasons: evaluations.reasons,
      comment: evaluations.comment,
      caseNo: cases.caseNo,
      ticketNumber: tickets.number,
      windowNumber: windows.number,
      createdAt: evaluations.createdAt,
      dueDate: evaluations.followUpDueDate,
      callbackAt: evaluations.callbackAt,
      callbackNote: evaluations.callbackNote,
      change: evaluations.change,
    })
    .from(evaluations)
    .innerJoin(halls, eq(halls.id, evaluations.hallId))
    .leftJoin(cases, eq(cases.id, evaluations.caseId))
    .leftJoin(tickets, eq(tickets.id, evaluations.ticketId))
    .leftJoin(windows, eq(windows.id, tickets.windowId))
    .where(
      and(
        actor.role === "district" ? undefined : eq(evaluations.hallId, actor.hallId),
        isNotNull(evaluations.followUpDueDate),
        state,
      ),
    )
    .orderBy(
      ...(input.state === "closed" ? [desc(evaluations.callbackAt)] : [evaluations.followUpDueDate]),
      desc(evaluations.id),
    )
    .limit(Math.min(Math.max(input.limit ?? 200, 1), 1000));
  return rows.map((r) => ({
    id: r.id,
    hall: { code: r.hallCode, name: r.hallName },
    level: r.level,
    reasons: r.reasons,
    comment: r.comment,
    caseNo: r.caseNo,
    ticketNumber: r.ticketNumber,
    windowNumber: r.windowNumber,
    createdAt: r.createdAt.toISOString(),
    dueDate: r.dueDate!,
    state: r.callbackAt ? "closed" : r.dueDate! < today ? "overdue" : "open",
    callbackNote: r.callbackNote,
    change: r.change,
  }));
}
