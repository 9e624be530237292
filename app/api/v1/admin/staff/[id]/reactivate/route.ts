import { reactivateStaffAccount } from "@/lib/admin/reactivate-staff-account";
import { idParam } from "@/lib/api/schemas";
import { requireRole } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Makes a deactivated account of the admin's hall usable again; it signs in afresh. */
export const POST = route(async (_request, context: { params: Promise<{ id: string }> }) => {
  const actor = await requireRole("admin");
  const id = idParam.safeParse((await context.params).id);
  if (!id.success) throw new AppError("not_found", "没有这个账号");
  return json(await reactivateStaffAccount({ actor, staffId: id.data }));
});
