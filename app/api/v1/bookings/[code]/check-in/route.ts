import { requireRole } from "@/lib/auth/session";
import { json, route } from "@/lib/http";
import { checkInBooking } from "@/lib/queue";

export const dynamic = "force-dynamic";

export const POST = route(async (_request, context: { params: Promise<{ code: string }> }) => {
  const actor = await requireRole("kiosk", "clerk");
  const { code } = await context.params;
  return json(await checkInBooking({ actor, code }), { status: 201 });
});
