import { notFound } from "next/navigation";
import { serviceCode } from "@/lib/api/schemas";
import { getService } from "@/lib/catalogue";
import { isAppError } from "@/lib/errors";

/** The item of a booking page, or the 404 page. */
export async function loadService(code: string) {
  if (!serviceCode.safeParse(code).success) notFound();
  try {
    return await getService({ code });
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}
