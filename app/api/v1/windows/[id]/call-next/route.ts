import { idParam } from "@/lib/api/schemas";
import { requireRole } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http";
import { callNext } from "@/lib/queue";

export const dynamic = "force-dynamic";

export const POST = route(async (_request, context: { params: Promise<{ id: string }> }) => {
  const actor = await requireRole("clerk");
  const id = idParam.safeParse((await context.params).id);
  if (!id.success) throw new AppError("not_found", "没有这个窗口");
  const ticket = await callNext({ actor, windowId: id.data });
  return ticket ? json({ ticket }) : new Response(null, { status: 204 });
});
