import { setDisplayNotice } from "@/lib/admin/set-display-notice";
import { displayNoticeBody } from "@/lib/admin/window-schemas";
import { requireRole } from "@/lib/auth/session";
import { json, parse, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const PUT = route(async (request) => {
  const actor = await requireRole("admin");
  const body = parse(displayNoticeBody, await readJson(request));
  return json(await setDisplayNotice({ actor, ...body }));
});
