import { deactivateStaffAccount } from "@/lib/admin/deactivate-staff-account";
import { idParam } from "@/lib/api/schemas";
import { requireRole } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Deactivates a staff or device account of the admin's hall and ends every session of it. */
export const POST = route(async (_request, context: { params: Promise<{ id: string }> }) => {
  const actor = await requireRole("admin");
  const id = idParam.safeParse((await context.params).id);
  if (!id.success) throw new AppError("not_found", "没有这个账号");
  return json(await deactivateStaffAccount({ actor, staffId: id.data }));
});
