import { updateWindow } from "@/lib/admin/update-window";
import { updateWindowBody } from "@/lib/admin/window-schemas";
import { idParam } from "@/lib/api/schemas";
import { requireRole } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { json, parse, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** A window of the admin's hall: name, queues called, open or closed today (kiosks and TVs follow at once). */
export const PATCH = route(async (request, context: { params: Promise<{ id: string }> }) => {
  const actor = await requireRole("admin");
  const id = idParam.safeParse((await context.params).id);
  if (!id.success) throw new AppError("not_found", "本中心没有这个窗口");
  const body = parse(updateWindowBody, await readJson(request));
  return json(await updateWindow({ actor, windowId: id.data, ...body }));
});
