import { createQueue } from "@/lib/admin/create-queue";
import { createQueueBody } from "@/lib/admin/schemas";
import { requireRole } from "@/lib/auth/session";
import { json, parse, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const POST = route(async (request) => {
  const actor = await requireRole("admin");
  const body = parse(createQueueBody, await readJson(request));
  return json(await createQueue({ actor, ...body }), { status: 201 });
});
