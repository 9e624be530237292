import { serviceCode } from "@/lib/api/schemas";
import { getService } from "@/lib/catalogue";
import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http";
import { publicHall } from "@/app/_lib/public-hall";

export const dynamic = "force-dynamic";

export const GET = route(async (_request, context: { params: Promise<{ code: string }> }) => {
  const { code } = await context.params;
  // A malformed code cannot name an item: the answer is the same 404 as for an unknown one.
  if (!serviceCode.safeParse(code).success) throw new AppError("not_found", "没有找到该事项");
  return json(await getService({ hall: await publicHall(), code }));
});
