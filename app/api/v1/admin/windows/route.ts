import { createWindow } from "@/lib/admin/create-window";
import { createWindowBody } from "@/lib/admin/schemas";
import { requireRole } from "@/lib/auth/session";
import { json, parse, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const POST = route(async (request) => {
  const actor = await requireRole("admin");
  const body = parse(createWindowBody, await readJson(request));
  return json(await createWindow({ actor, ...body }), { status: 201 });
});
