import { createStaffAccount } from "@/lib/admin/create-staff-account";
import { createStaffBody } from "@/lib/admin/schemas";
import { requireRole } from "@/lib/auth/session";
import { json, parse, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const POST = route(async (request) => {
  const actor = await requireRole("admin");
  const body = parse(createStaffBody, await readJson(request));
  return json(await createStaffAccount({ actor, ...body }), { status: 201 });
});
