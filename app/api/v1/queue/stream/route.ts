import { publicHall } from "@/app/_lib/public-hall";
import { getActor } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http";
import { openQueueStream } from "@/lib/queue/stream";

export const dynamic = "force-dynamic";

/** Server-Sent Events: the queue's state on connect and after every change; `call` events to announce. */
export async function GET(request: Request) {
  try {
    // A signed-in device or clerk (the TV, a desk) follows its own hall; anyone else, the public one.
    const actor = await getActor();
    const hallId = actor?.hallId ?? (await publicHall()).id;
    const lastEventId = Number(
      request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("lastEventId") ?? 0,
    );
    return await openQueueStream({
      hallId,
      lastEventId: Number.isSafeInteger(lastEventId) && lastEventId > 0 ? lastEventId : 0,
      signal: request.signal,
    });
  } catch (error) {
    return errorResponse(error);
  }
}
