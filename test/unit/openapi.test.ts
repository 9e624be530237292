import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getOpenApiDocument } from "@/lib/api/openapi";
import { operations } from "@/lib/api/operations";
import { errorCodesOf, responseSchemaOf, statusesOf } from "@/lib/api/registry";

const API_DIR = path.join(process.cwd(), "app/api");
// next-auth's own routes and the catch-all that answers unknown API paths with a 404 problem.
const UNDOCUMENTED = new Set(["auth", "[...rest]"]);
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** The HTTP methods a route file exports: `export function GET`, `export const POST =`, `export { x as GET }`. */
function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:async\s+)?function\s+([A-Z]+)\b/g)) found.add(m[1]);
  for (const m of source.matchAll(/export\s+const\s+([A-Z]+)\s*=/g)) found.add(m[1]);
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g))
    for (const part of m[1].split(","))
      found.add(
        part
          .trim()
          .split(/\s+as\s+/)
          .pop()!
          .trim(),
      );
  return [...found].filter((name) => (METHODS as readonly string[]).includes(name)).sort();
}

/** `/api/v1/bookings/{code}` → its route file's exported methods, for every route file under app/api. */
function routeFiles(dir = API_DIR, prefix = "/api"): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (dir === API_DIR && UNDOCUMENTED.has(entry)) continue;
      const segment = entry.replace(/^\[(.+)\]$/, "{$1}");
      for (const [p, methods] of routeFiles(full, `${prefix}/${segment}`)) out.set(p, methods);
    } else if (entry === "route.ts") {
      out.set(prefix, exportedMethods(readFileSync(full, "utf8")));
    }
  }
  return out;
}

type Json = Record<string, unknown>;

function collectRefs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) collectRefs(v, out);
  else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key === "$ref" && typeof v === "string") out.push(v);
      else collectRefs(v, out);
    }
  }
  return out;
}

function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = document;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (!node || typeof node !== "object" || !(key in node)) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

describe("exportedMethods", () => {
  it("finds the three ways a route file exports its handlers", () => {
    expect(exportedMethods("export async function GET() {}\nexport const POST = route(x);")).toEqual(["GET", "POST"]);
    expect(exportedMethods("export { handler as GET, handler as POST };\nexport const dynamic = 1;")).toEqual([
      "GET",
      "POST",
    ]);
    expect(exportedMethods("export function GETTER() {}\nexport const revalidate = 0;")).toEqual([]);
  });
});

describe("OpenAPI document", () => {
  const document = getOpenApiDocument();
  const paths = document.paths as Record<string, Record<string, Json>>;

  it("documents every route file under app/api with exactly its methods, and nothing else", () => {
    const routes = routeFiles();
    expect(routes.size).toBeGreaterThan(15);
    const fromRoutes = [...routes].flatMap(([p, methods]) => methods.map((m) => `${m} ${p}`)).sort();
    const documented = Object.entries(paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(documented).toEqual(fromRoutes);
  });

  it("is OpenAPI 3.1 with the JSON Schema dialect of zod's output", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.jsonSchemaDialect).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(document.info.title).toBeTruthy();
    expect(document.info.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("gives every operation a unique operationId, responses with descriptions, and its path parameters", () => {
    const ids = new Set<string>();
    for (const [p, ops] of Object.entries(paths)) {
      expect(p).toMatch(/^\//);
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${p}`;
        expect(["get", "post", "put", "patch", "delete"], where).toContain(method);
        expect(typeof op.operationId, where).toBe("string");
        expect(ids.has(op.operationId as string), `${where}: duplicate operationId`).toBe(false);
        ids.add(op.operationId as string);
        expect(typeof op.summary, where).toBe("string");

        const responses = op.responses as Record<string, Json>;
        expect(Object.keys(responses).length, where).toBeGreaterThan(0);
        expect(
          Object.keys(responses).some((s) => s.startsWith("2")),
          `${where}: no success answer`,
        ).toBe(true);
        for (const [status, response] of Object.entries(responses)) {
          expect(status, where).toMatch(/^[1-5]\d\d$/);
          expect(typeof response.description, `${where} ${status}`).toBe("string");
        }

        const parameters = (op.parameters ?? []) as Json[];
        const templated = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
        const declared = parameters
          .filter((q) => q.in === "path")
          .map((q) => q.name as string)
          .sort();
        expect(declared, `${where}: path parameters`).toEqual(templated);
        for (const q of parameters) {
          expect(["path", "query", "header", "cookie"], where).toContain(q.in);
          if (q.in === "path") expect(q.required, `${where} ${String(q.name)}`).toBe(true);
          expect(q.schema, `${where} ${String(q.name)}`).toBeTypeOf("object");
        }
        if (op.security && (op.security as Json[]).length) expect(op["x-roles"], where).toBeInstanceOf(Array);
      }
    }
  });

  it("resolves every $ref, and every component schema is used", () => {
    const refs = collectRefs(document);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) expect(resolvePointer(document, ref), ref).toBeTypeOf("object");
    const used = new Set(refs.map((r) => r.replace("#/components/schemas/", "")));
    for (const name of Object.keys(document.components.schemas)) expect(used.has(name), name).toBe(true);
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      expect(schema, name).not.toHaveProperty("$schema");
      expect(schema, name).not.toHaveProperty("$id");
    }
  });

  it("answers errors with the one Problem schema, narrowed to the codes documented for that status", () => {
    const createBooking = paths["/api/v1/bookings"].post.responses as Record<string, Json>;
    expect(createBooking["409"]).toMatchObject({
      content: {
        "application/problem+json": {
          schema: {
            allOf: [
              { $ref: "#/components/schemas/Problem" },
              { properties: { code: { enum: ["slot_full", "duplicate_booking"] } } },
            ],
          },
        },
      },
    });
    const problem = document.components.schemas.Problem as Json;
    expect(problem).toMatchObject({ type: "object", required: ["code", "message"] });
  });

  it("adds 401 and 403 to staff operations and the body errors to operations with a body", () => {
    for (const op of operations) {
      const codes = errorCodesOf(op);
      if (op.access !== "public")
        expect(codes, op.operationId).toEqual(expect.arrayContaining(["unauthorized", "forbidden"]));
      if (op.body) expect(codes, op.operationId).toEqual(expect.arrayContaining(["invalid_json", "invalid_input"]));
    }
    const callNext = operations.find((op) => op.operationId === "callNext")!;
    expect(statusesOf(callNext)).toEqual([200, 204, 401, 403, 404, 409, 503]);
  });

  it("validates with the registry's zod schemas: the documented codes pass, others fail", () => {
    const createBooking = operations.find((op) => op.operationId === "createBooking")!;
    const conflict = responseSchemaOf(createBooking, 409)!;
    expect(conflict.safeParse({ code: "slot_full", message: "该时段已约满" }).success).toBe(true);
    expect(conflict.safeParse({ code: "not_found", message: "没有" }).success).toBe(false);
    expect(responseSchemaOf(createBooking, 500)).toBeUndefined();
  });

  it("puts the handlers' own request schemas in the document: examples and limits included", () => {
    const booking = document.components.schemas.BookingRequest as Json;
    expect(booking).toMatchObject({ type: "object", required: ["service", "slotId", "name", "phone"] });
    const body = paths["/api/v1/bookings"].post.requestBody as Json;
    expect(body).toMatchObject({
      required: true,
      content: { "application/json": { example: { service: "YBJ-001" } } },
    });
    const availability = paths["/api/v1/availability"].get.parameters as Json[];
    expect(availability.filter((q) => q.required).map((q) => q.name)).toEqual(["service", "from", "to"]);
  });
});
