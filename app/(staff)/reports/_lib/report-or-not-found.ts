import "server-only";
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { getReport } from "@/lib/reports";

/** The report pages' getReport: a hall the actor may not see (or that does not exist) is the 404 page. */
export async function reportOrNotFound(input: Parameters<typeof getReport>[0]) {
  try {
    return await getReport(input);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}
