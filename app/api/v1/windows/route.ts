import { requireRole } from "@/lib/auth/session";
import { json, route } from "@/lib/http";
import { listWindows } from "@/lib/queue";

export const dynamic = "force-dynamic";

export const GET = route(async () => {
  const actor = await requireRole("clerk", "kiosk", "display", "manager", "admin", "backoffice");
  return json({ windows: await listWindows({ hallId: actor.hallId }) });
});
