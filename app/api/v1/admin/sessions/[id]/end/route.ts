import { endStaffSession } from "@/lib/admin/end-staff-session";
import { requireRole } from "@/lib/auth/session";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Ends one session (a carried-off kiosk) of an account of the admin's hall, at its next request. */
export const POST = route(async (_request, context: { params: Promise<{ id: string }> }) => {
  const actor = await requireRole("admin");
  return json(await endStaffSession({ actor, sessionId: (await context.params).id }));
});
