import { isAppError } from "@/lib/errors";

/** How an operation refused, as `"<status> <code>"` (`"404 not_found"`), or "no error". */
export async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return `${error.status} ${error.code}`;
    throw error;
  }
  return "no error";
}
