import "server-only";
import { and, eq } from "drizzle-orm";
import { queues, tickets, windowQueues, windows } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { PRIORITY } from "@/lib/queue/order";
import { changeTicket } from "@/lib/queue/ticket-actions";

/** Send a ticket to another queue or to one window; it goes ahead of walk-ins there. */
export async function transferTicket(input: { actor: Actor; ticketId: number; queue?: string; windowId?: number }) {
  if (!input.queue === !input.windowId)
    throw new AppError("invalid_input", "请选择转到的队列或窗口", { queue: "请选择转到的队列或窗口" });
  return changeTicket({
    ...input,
    from: ["called", "serving"],
    change: async (t, tx) => {
      const set: Partial<typeof tickets.$inferInsert> = {
        status: "waiting",
        windowId: null,
        calledAt: null,
        startedAt: null,
        recallCount: 0,
        priority: Math.max(t.priority, PRIORITY.transferred),
      };
      if (input.queue) {
        const [queue] = await tx
          .select({ id: queues.id, name: queues.name })
          .from(queues)
          .where(and(eq(queues.hallId, input.actor.hallId), eq(queues.prefix, input.queue)));
        if (!queue) throw new AppError("invalid_input", "没有这个队列", { queue: "没有这个队列" });
        return {
          kind: "transferred",
          set: { ...set, queueId: queue.id, targetWindowId: null },
          note: `转至 ${input.queue} ${queue.name}`,
        };
      }
      const [target] = await tx
        .select({ id: windows.id, number: windows.number })
        .from(windows)
        .where(and(eq(windows.hallId, input.actor.hallId), eq(windows.id, input.windowId!)));
      if (!target) throw new AppError("invalid_input", "没有这个窗口", { windowId: "没有这个窗口" });
      if (target.id === t.ownWindowId)
        throw new AppError("invalid_input", "不能转给本窗口", { windowId: "请选择其他窗口" });
      // The target window must be able to call it: move it into a queue that window serves.
      const [served] = await tx
        .select({ queueId: windowQueues.queueId })
        .from(windowQueues)
        .where(and(eq(windowQueues.windowId, target.id), eq(windowQueues.queueId, t.queueId)));
      const [anyQueue] = served
        ? [served]
        : await tx
            .select({ queueId: windowQueues.queueId })
            .from(windowQueues)
            .where(eq(windowQueues.windowId, target.id))
            .limit(1);
      return {
        kind: "transferred",
        set: { ...set, queueId: anyQueue.queueId, targetWindowId: target.id },
        note: `转至 ${target.number} 号窗口`,
      };
    },
  });
}
