import { expect } from "vitest";
import { AppError, isAppError } from "@/lib/errors";

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

/** The AppError an operation is refused with, asserting its code; for checks of its message and fields. */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}
