// Driver errors differ: postgres.js names the violated constraint `constraint_name`, PGlite
// `constraint`; drizzle wraps either in `cause`.
interface PgError {
  code?: string;
  constraint_name?: string;
  constraint?: string;
  cause?: unknown;
}

function pgError(error: unknown): PgError | null {
  let current = error as PgError | undefined;
  for (let depth = 0; current && depth < 4; depth++) {
    if (typeof current.code === "string" && /^[0-9A-Z]{5}$/.test(current.code)) return current;
    current = current.cause as PgError | undefined;
  }
  return null;
}

/** The name of the unique constraint an error violated, or null. */
export function uniqueViolation(error: unknown): string | null {
  const e = pgError(error);
  return e?.code === "23505" ? (e.constraint_name ?? e.constraint ?? "") : null;
}
