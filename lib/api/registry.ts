import { z } from "zod";
import type { StaffRole } from "@/db/schema";
import { ERROR_CODES, type ErrorCode } from "@/lib/errors";
import { problemSchema } from "@/lib/api/responses";

// The shape of one documented operation. The list itself is lib/api/operations.ts; the OpenAPI
// document is generated from it by lib/api/openapi.ts. No `server-only` here: the e2e spec imports
// the registry to validate live answers with the very schemas the handlers use.

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

export interface ResponseSpec {
  description: string;
  /** The body; omitted for 204 and for streams. */
  schema?: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
}

export interface OperationSpec {
  method: HttpMethod;
  /** OpenAPI path, `{param}` for a dynamic segment: the folder of the route file under app/. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  /** "public", or the staff and device roles whose session may call it (401/403 are added). */
  access: "public" | readonly StaffRole[];
  params?: { path?: z.ZodObject; query?: z.ZodObject; header?: z.ZodObject };
  /** application/json body; a body adds invalid_json, unsupported_media_type, payload_too_large, invalid_input. */
  body?: { schema: z.ZodType; required?: boolean; description?: string };
  /** Success answers by status. Errors are listed by code in `errors`, not here. */
  responses: Partial<Record<number, ResponseSpec>>;
  /** Error codes beyond those implied by `access` and `body`; each becomes a problem response. */
  errors?: readonly ErrorCode[];
}

/** Identity function for type-checking one entry of the list. */
export function defineOperation(spec: OperationSpec): OperationSpec {
  return spec;
}

const BODY_ERRORS: readonly ErrorCode[] = [
  "invalid_json",
  "payload_too_large",
  "unsupported_media_type",
  "invalid_input",
];
const STAFF_ERRORS: readonly ErrorCode[] = ["unauthorized", "forbidden", "password_change_required"];

/** Every error code an operation may answer with, in the order of the error table. */
export function errorCodesOf(op: OperationSpec): ErrorCode[] {
  const codes = new Set<ErrorCode>([
    ...(op.access === "public" ? [] : STAFF_ERRORS),
    ...(op.body ? BODY_ERRORS : []),
    ...(op.errors ?? []),
  ]);
  return (Object.keys(ERROR_CODES) as ErrorCode[]).filter((code) => codes.has(code));
}

/** Error codes grouped by their HTTP status. */
export function errorStatusesOf(op: OperationSpec): Map<number, ErrorCode[]> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodesOf(op)) {
    const status = ERROR_CODES[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return byStatus;
}

/** The documented statuses of an operation: its answers and its errors. */
export function statusesOf(op: OperationSpec): number[] {
  return [...Object.keys(op.responses).map(Number), ...errorStatusesOf(op).keys()].sort((a, b) => a - b);
}

/**
 * The zod schema of the body documented for `status`: the response's own schema, or for an error
 * status the shared problem schema narrowed to the codes documented with it. Undefined when no
 * body is documented (204, streams) or the status is not documented at all.
 */
export function responseSchemaOf(op: OperationSpec, status: number): z.ZodType | undefined {
  const answer = op.responses[status];
  if (answer) return answer.schema;
  const codes = errorStatusesOf(op).get(status);
  if (!codes) return undefined;
  return problemSchema.extend({ code: z.enum(codes as [ErrorCode, ...ErrorCode[]]) });
}
