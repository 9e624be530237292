import { listStaffSessions } from "@/lib/admin/list-staff-sessions";
import { sessionsQuery } from "@/lib/admin/schemas";
import { requireRole } from "@/lib/auth/session";
import { json, parseQuery, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Who is signed in at the admin's hall: sessions not ended and not expired. */
export const GET = route(async (request) => {
  const actor = await requireRole("admin");
  const { kind } = parseQuery(sessionsQuery, request);
  return json({ sessions: await listStaffSessions({ actor, kind }) });
});
