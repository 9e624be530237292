import { requireRole } from "@/lib/auth/session";
import { listFollowUps } from "@/lib/evaluations";
import { followUpsQuery } from "@/lib/evaluations/schemas";
import { json, parseQuery, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** GET /api/v1/follow-ups?state=open|overdue|closed — follow-ups of poor ratings (manager, admin; district: every hall's). */
export const GET = route(async (request) => {
  const actor = await requireRole("manager", "admin", "district");
  return json({ followUps: await listFollowUps({ actor, ...parseQuery(followUpsQuery, request) }) });
});
