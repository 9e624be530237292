import { revokeStaffSessions } from "@/lib/admin/revoke-staff-sessions";
import { idParam } from "@/lib/api/schemas";
import { requireRole } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Signs out every session of a staff or device account of the admin's hall, at once. */
export const POST = route(async (_request, context: { params: Promise<{ id: string }> }) => {
  const actor = await requireRole("admin");
  const id = idParam.safeParse((await context.params).id);
  if (!id.success) throw new AppError("not_found", "没有这个账号");
  return json(await revokeStaffSessions({ actor, staffId: id.data }));
});
