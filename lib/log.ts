import { databaseErrorNames } from "@/db/errors";
import { isAppError } from "@/lib/errors";

// The one way an unexpected error reaches the log. An error's message is never written: drizzle's
// holds the failed query with its parameters (names, phones, addresses), PostgreSQL's the rejected
// value, JSON.parse's a piece of the input, and even Node's own TypeErrors quote the value they got. The log gets what an operator needs to find the cause
// without the data: the kinds of error, the SQLSTATE code, the constraint, table and column, and
// where in the code it was thrown.

const STACK_FRAMES = 6;

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `a thrown ${error === null ? "null" : typeof error}`;
  const kinds: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 4; depth++) {
    kinds.push(current.name);
    current = current.cause;
  }
  const parts = [kinds.join(" ← ")];
  if (isAppError(error)) parts.push(`code=${error.code}`);
  const database = databaseErrorNames(error);
  if (database) {
    parts.push(`sqlstate=${database.code}`);
    for (const key of ["constraint", "table", "column"] as const)
      if (database[key]) parts.push(`${key}=${database[key]}`);
  }
  const frames = (error.stack ?? "")
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .slice(0, STACK_FRAMES);
  return [parts.join(" "), ...frames].join("\n");
}

/** Log an error we did not expect, as one safe entry: `[yichuang] <what failed>: <describeError>`. */
export function logError(what: string, error: unknown): void {
  console.error(`[yichuang] ${what}: ${describeError(error)}`);
}
