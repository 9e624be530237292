import { updateStaffBody } from "@/lib/admin/schemas";
import { updateStaffAccount } from "@/lib/admin/update-staff-account";
import { idParam } from "@/lib/api/schemas";
import { requireRole } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { json, parse, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Edits a staff or device account of the admin's hall: name, role, window, department, place. */
export const PATCH = route(async (request, context: { params: Promise<{ id: string }> }) => {
  const actor = await requireRole("admin");
  const id = idParam.safeParse((await context.params).id);
  if (!id.success) throw new AppError("not_found", "没有这个账号");
  const body = parse(updateStaffBody, await readJson(request));
  return json(await updateStaffAccount({ actor, staffId: id.data, ...body }));
});
