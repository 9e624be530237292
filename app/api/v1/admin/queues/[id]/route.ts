import { updateQueue } from "@/lib/admin/update-queue";
import { updateQueueBody } from "@/lib/admin/window-schemas";
import { idParam } from "@/lib/api/schemas";
import { requireRole } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { json, parse, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** A queue of the admin's hall: name, daily cap, and items moved to it (kiosks and TVs follow at once). */
export const PATCH = route(async (request, context: { params: Promise<{ id: string }> }) => {
  const actor = await requireRole("admin");
  const id = idParam.safeParse((await context.params).id);
  if (!id.success) throw new AppError("not_found", "本中心没有这个队列");
  const body = parse(updateQueueBody, await readJson(request));
  return json(await updateQueue({ actor, queueId: id.data, ...body }));
});
