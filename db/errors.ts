// Driver errors differ: postgres.js names the violated constraint `constraint_name`, PGlite
// `constraint`; drizzle wraps either in `cause`.
interface PgError {
  code?: string;
  constraint_name?: string;
  constraint?: string;
  table_name?: string;
  table?: string;
  column_name?: string;
  column?: string;
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

/**
 * What can be told about a database error without its message or detail, which carry the query's
 * parameters or the rejected value: the SQLSTATE code and the names of the constraint, table, column.
 */
export function databaseErrorNames(
  error: unknown,
): { code: string; constraint?: string; table?: string; column?: string } | null {
  const e = pgError(error);
  if (!e?.code) return null;
  return {
    code: e.code,
    constraint: e.constraint_name ?? e.constraint,
    table: e.table_name ?? e.table,
    column: e.column_name ?? e.column,
  };
}

// The database could not be reached, or went away during the request: down, restarting, or out
// of connections. Node's socket errors and postgres.js's own codes, then PostgreSQL's SQLSTATEs
// (class 08, connection exception; 57P01–57P03, shutting down or starting; 53300, too many
// connections).
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EPIPE",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01",
  "57P02",
  "57P03",
  "53300",
]);

/** Whether an error (or one of its causes) says the database cannot be reached now. */
export function databaseUnreachable(error: unknown): boolean {
  let current = error as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 4; depth++) {
    const code = current.code;
    if (typeof code === "string" && (UNREACHABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    current = current.cause as typeof current;
  }
  return false;
}

/**
 * Raised by seat_refused() (migration 0024) from a booking's seat statement: it took no seat
 * (the slot is full or withdrawn), or it ran outside its booking's transaction (postgres.js re-ran
 * it after the COMMIT; nothing was written, the booking may be tried again), or the villager's SMS
 * code was used or expired meanwhile.
 */
export const SEAT_REFUSED = "YC001";
export const SEAT_OUTSIDE_TRANSACTION = "YC002";
export const SEAT_CODE_USED = "YC003";
