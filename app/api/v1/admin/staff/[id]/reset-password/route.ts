import { resetStaffPassword } from "@/lib/admin/reset-staff-password";
import { idParam } from "@/lib/api/schemas";
import { requireRole } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** A one-time password for an account of the admin's hall, answered once and never stored in clear. */
export const POST = route(async (_request, context: { params: Promise<{ id: string }> }) => {
  const actor = await requireRole("admin");
  const id = idParam.safeParse((await context.params).id);
  if (!id.success) throw new AppError("not_found", "没有这个账号");
  return json(await resetStaffPassword({ actor, staffId: id.data }), { headers: { "cache-control": "no-store" } });
});
