import "server-only";
import { z } from "zod";
import { databaseUnreachable } from "@/db/errors";
import { inRequestOrder } from "@/db/pglite-queue";
import { AppError, toProblem, type ErrorCode, type FieldErrors } from "@/lib/errors";
import { logError } from "@/lib/log";

// Route handlers stay thin: parse with zod, call the domain function, map errors here.

const MAX_BODY_BYTES = 64 * 1024;

export function json(data: unknown, init: ResponseInit = {}): Response {
  return jsonText(JSON.stringify(data), init);
}

/** A JSON answer already serialised (by the database, e.g. availability): sent as it is. */
export function jsonText(body: string, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  headers.set("cache-control", headers.get("cache-control") ?? "no-store");
  return new Response(body, { ...init, headers });
}

export function problem(code: ErrorCode, message?: string, fields?: FieldErrors, headers?: HeadersInit): Response {
  return problemOf(new AppError(code, message, fields), headers);
}

function problemOf(error: AppError, headers?: HeadersInit): Response {
  return new Response(JSON.stringify(toProblem(error)), {
    status: error.status,
    headers: {
      ...Object.fromEntries(new Headers(headers)),
      "content-type": "application/problem+json; charset=utf-8",
      "cache-control": "no-store",
    },
  });
}

/** zod issues → `{ field: message }`, the first message per field. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "_";
    fields[key] ??= issue.message;
  }
  return fields;
}

export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    return problemOf(error, error.retryAfter ? { "retry-after": String(error.retryAfter) } : undefined);
  }
  if (error instanceof z.ZodError) return problem("invalid_input", undefined, fieldErrors(error));
  if (databaseUnreachable(error)) {
    logError("the database cannot be reached", error);
    return problem("unavailable");
  }
  logError("unexpected error", error);
  return problem("internal");
}

type Handler<C> = (request: Request, context: C) => Promise<Response> | Response;

/**
 * Wrap a route handler: every thrown error becomes problem JSON, never a stack trace. On PGlite the
 * request keeps one place in line for all its statements (db/pglite-queue.ts).
 */
export function route<C>(handler: Handler<C>): (request: Request, context: C) => Promise<Response> {
  return (request, context) =>
    inRequestOrder(async () => {
      try {
        return await handler(request, context);
      } catch (error) {
        return errorResponse(error);
      }
    });
}

export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new AppError("invalid_input", undefined, fieldErrors(result.error));
  return result.data;
}

export function parseQuery<S extends z.ZodType>(schema: S, request: Request): z.infer<S> {
  const params = new URL(request.url).searchParams;
  const input: Record<string, string> = {};
  for (const [key, value] of params) input[key] ??= value;
  return parse(schema, refuseNul(input));
}

/**
 * Read a request body as a stream, at most `limit` bytes. A Content-Length over the limit is refused
 * before a byte is read; a body without one (chunked) or that lies about it is cut at the cap.
 * `request.text()` would hold all of it in memory first: one 400 MB POST cost about 1 GB.
 */
export async function readBody(request: Request, limit = MAX_BODY_BYTES): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limit) throw new AppError("payload_too_large");
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new AppError("payload_too_large");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/** Read a JSON body with a size limit; bad JSON (or bytes that are not UTF-8) is a 400, not a 500. */
export async function readJson(request: Request): Promise<unknown> {
  // The media type itself, parameters aside: `text/plain;charset=json` is what a foreign page can
  // send without a CORS preflight, and no type at all is not JSON either.
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (mediaType !== "application/json") throw new AppError("unsupported_media_type");
  const bytes = await readBody(request);
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new AppError("invalid_json");
  }
  return refuseNul(body);
}

/**
 * PostgreSQL text cannot hold U+0000: a NUL anywhere in the input would reach the database as a
 * 500. Refuse it here, once for every JSON body and query, with the field it came in.
 */
export function refuseNul<T>(value: T, path = ""): T {
  if (typeof value === "string") {
    if (value.includes("\u0000"))
      throw new AppError("invalid_input", "提交的内容含有无效字符", { [path || "_"]: "含有无效字符" });
  } else if (Array.isArray(value)) value.forEach((v, i) => refuseNul(v, path ? `${path}.${i}` : String(i)));
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      if (k.includes("\u0000")) throw new AppError("invalid_input", "提交的内容含有无效字符");
      refuseNul(v, path ? `${path}.${k}` : k);
    }
  return value;
}
