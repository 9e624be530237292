import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/connection";
import { uniqueViolation } from "@/db/errors";
import { tickets, windows } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { publishQueueEvent } from "@/lib/queue/events";

/**
 * Make the window free for a call, inside the calling transaction: lock the window row (two
 * simultaneous calls for one window — a double click, a second tab — wait for each other, and the
 * second sees the first one's ticket), refuse while a called ticket has not come to the window, and
 * finish a ticket being served. Every path that calls a ticket goes through here; the partial
 * unique index `tickets_window_active_uq` holds the rule should one ever not.
 */
export async function takeWindow(
  tx: Tx,
  input: { actor: Actor; windowId: number; windowNumber: number | null; today: string },
) {
  const { actor, windowId, today } = input;
  const [locked] = await tx
    .select({ id: windows.id })
    .from(windows)
    .where(and(eq(windows.id, windowId), eq(windows.hallId, actor.hallId)))
    .for("update");
  if (!locked) throw new AppError("forbidden", "这个窗口不属于本服务中心");
  const active = await tx
    .select({ id: tickets.id, status: tickets.status, number: tickets.number })
    .from(tickets)
    .where(
      and(
        eq(tickets.windowId, windowId),
        eq(tickets.serviceDate, today),
        inArray(tickets.status, ["called", "serving"]),
      ),
    )
    .for("update");
  for (const t of active) {
    if (t.status === "called") throw new AppError("conflict", `${t.number} 号已叫，请先开始办理、重呼或标记未到`);
    await tx.update(tickets).set({ status: "done", finishedAt: new Date() }).where(eq(tickets.id, t.id));
    await publishQueueEvent(tx, {
      hallId: actor.hallId,
      kind: "finished",
      ticketId: t.id,
      ticketNumber: t.number,
      windowNumber: input.windowNumber,
      actorId: actor.id,
    });
  }
}

/** The database's own refusal of a second active ticket at a window, as the 409 it means. */
export function asWindowBusy(error: unknown): never {
  if (uniqueViolation(error) === "tickets_window_active_uq")
    throw new AppError("conflict", "本窗口已有正在叫号或办理的号，请刷新后重试");
  throw error;
}
