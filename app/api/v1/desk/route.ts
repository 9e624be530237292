import { requireRole } from "@/lib/auth/session";
import { json, route } from "@/lib/http";
import { getWindowDesk } from "@/lib/queue";

export const dynamic = "force-dynamic";

/** The clerk's window: the current ticket, who waits for it in calling order, who is parked. */
export const GET = route(async () => {
  const actor = await requireRole("clerk");
  return json(await getWindowDesk({ actor }));
});
