import { notFound } from "next/navigation";
import { cache } from "react";
import { serviceCode } from "@/lib/api/schemas";
import { getService } from "@/lib/catalogue";
import { isAppError } from "@/lib/errors";
import { publicHall } from "@/app/_lib/public-hall";

/**
 * The item of a page, or the 404 page. Cached per request: the page's title and its body ask
 * for the same item once.
 */
export const loadService = cache(async (code: string) => {
  if (!serviceCode.safeParse(code).success) notFound();
  try {
    return await getService({ hall: await publicHall(), code });
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
});
