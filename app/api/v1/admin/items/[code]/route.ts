import { adminItemPath } from "@/lib/api/catalogue-admin-schemas";
import { getItem } from "@/lib/admin/get-item";
import { updateItemBody } from "@/lib/admin/item-schemas";
import { updateItem } from "@/lib/admin/update-item";
import { requireRole } from "@/lib/auth/session";
import { json, parse, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ code: string }> };

export const GET = route(async (_request, context: Context) => {
  const actor = await requireRole("admin");
  const { code } = parse(adminItemPath, await context.params);
  return json(await getItem({ actor, code }));
});

export const PUT = route(async (request, context: Context) => {
  const actor = await requireRole("admin");
  const { code } = parse(adminItemPath, await context.params);
  const body = parse(updateItemBody, await readJson(request));
  return json(await updateItem({ actor, code, version: body.version, item: body.item }));
});
