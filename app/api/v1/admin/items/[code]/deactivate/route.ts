import { adminItemPath } from "@/lib/api/catalogue-admin-schemas";
import { setItemActive } from "@/lib/admin/set-item-active";
import { requireRole } from "@/lib/auth/session";
import { json, parse, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const POST = route(async (_request, context: { params: Promise<{ code: string }> }) => {
  const actor = await requireRole("admin");
  const { code } = parse(adminItemPath, await context.params);
  return json(await setItemActive({ actor, code, isActive: false }));
});
