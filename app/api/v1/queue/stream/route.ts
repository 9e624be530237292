import { publicHall } from "@/app/_lib/public-hall";
import { queueStreamHeaders, queueStreamQuery } from "@/lib/api/schemas";
import { getActor } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http";
import { clientAddress } from "@/lib/http/client-address";
import { openQueueStream } from "@/lib/queue/stream";

export const dynamic = "force-dynamic";

/**
 * Server-Sent Events: the queue's state on connect and after every change; `call` events to
 * announce. 429 `too_many_streams` / 503 `streams_exhausted` past the configured caps.
 */
export async function GET(request: Request) {
  try {
    // A signed-in device or clerk (the TV, a desk) follows its own hall; anyone else, the public one.
    const actor = await getActor();
    const hallId = actor?.hallId ?? (await publicHall()).id;
    // A resume mark that is not a positive number is ignored: the stream starts from now.
    const header = queueStreamHeaders.shape["Last-Event-ID"].safeParse(
      request.headers.get("last-event-id") ?? undefined,
    );
    const query = queueStreamQuery.shape.lastEventId.safeParse(
      new URL(request.url).searchParams.get("lastEventId") ?? undefined,
    );
    return await openQueueStream({
      hallId,
      lastEventId: (request.headers.has("last-event-id") ? header.data : query.data) ?? 0,
      signal: request.signal,
      clientAddress: clientAddress(request),
      isDevice: actor !== null,
    });
  } catch (error) {
    return errorResponse(error);
  }
}
