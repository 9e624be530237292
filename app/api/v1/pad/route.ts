import { requireRole } from "@/lib/auth/session";
import { getPadState } from "@/lib/evaluations";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** GET /api/v1/pad — the rating pad's window, clerk and the visit waiting for a rating. */
export const GET = route(async () => {
  const actor = await requireRole("pad");
  return json(await getPadState({ actor }));
});
