import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { queues } from "@/db/schema";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { issueNumber } from "@/lib/queue/new-ticket";
import { PRIORITY } from "@/lib/queue/order";
import { consumeRateLimit } from "@/lib/rate-limit";
import type { IssuedTicket } from "@/lib/queue/types";
import { shanghaiDate } from "@/lib/time";

/**
 * A walk-in ticket of a queue, from the kiosk or a clerk (who may put it on the green channel).
 * A kiosk takes at most KIOSK_TICKETS_PER_MINUTE a minute (429 `rate_limited`).
 */
export async function issueTicket(input: {
  actor: Actor;
  queue: string;
  isGreenChannel?: boolean;
}): Promise<IssuedTicket> {
  assertRole(input.actor, "kiosk", "clerk");
  // Per device, counted in the database (every app instance shares it), before the transaction:
  // the limiter writes through `db`, which inside `db.transaction` would deadlock PGlite.
  if (input.actor.role === "kiosk")
    await consumeRateLimit({ key: `kiosk-tickets:${input.actor.id}`, limit: env().KIOSK_TICKETS_PER_MINUTE });
  const db = await getDb();
  const today = shanghaiDate();
  return db.transaction(async (tx) => {
    const [queue] = await tx
      .select()
      .from(queues)
      .where(and(eq(queues.hallId, input.actor.hallId), eq(queues.prefix, input.queue)));
    if (!queue) throw new AppError("invalid_input", "没有这个排队类别", { queue: "没有这个排队类别" });
    const isGreen = !!input.isGreenChannel;
    return issueNumber(tx, {
      actor: input.actor,
      queue,
      source: "walk_in",
      priority: isGreen ? PRIORITY.greenChannel : PRIORITY.walkIn,
      isGreenChannel: isGreen,
      today,
    });
  });
}
