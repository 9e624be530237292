import { publicHall } from "@/app/_lib/public-hall";
import { ticketNumber } from "@/lib/api/schemas";
import { json, route } from "@/lib/http";
import { getQueueState, getTicketProgress } from "@/lib/queue";

export const dynamic = "force-dynamic";

/** The hall's live queue (public, no personal data); `?ticket=A012` adds that ticket's place. */
export const GET = route(async (request) => {
  const hall = await publicHall();
  const number = new URL(request.url).searchParams.get("ticket");
  const state = await getQueueState({ hallId: hall.id });
  if (number && ticketNumber.safeParse(number).success)
    return json({ ...state, ticket: await getTicketProgress({ hallId: hall.id, number }) });
  return json(state);
});
