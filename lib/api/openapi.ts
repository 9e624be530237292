import { z } from "zod";
import { namedComponents } from "@/lib/api/components";
import { operations } from "@/lib/api/operations";
import { errorStatusesOf, type OperationSpec } from "@/lib/api/registry";
import { problemSchema } from "@/lib/api/responses";

// The OpenAPI 3.1 document of the JSON API (GET /api/v1/openapi.json), generated from the list of
// operations in lib/api/operations.ts and the zod schemas the route handlers parse with, through
// zod 4's z.toJSONSchema (JSON Schema draft 2020-12, the dialect of OpenAPI 3.1): request schemas
// as their input type, responses as their output type. Nothing here is written by hand twice.
//
// Tests:
// - test/unit/openapi.test.ts: every route file under app/api (but next-auth and the catch-all 404)
//   is documented with exactly the methods it exports, and every documented operation has a route
//   file; the document is structurally OpenAPI 3.1 (each operation has a unique operationId, a
//   success answer, descriptions, its path parameters declared), every `$ref` resolves and every
//   component is used. It does not validate the JSON Schemas against the 2020-12 meta-schema.
// - e2e/openapi.spec.ts (PGlite, and PostgreSQL with E2E_DATABASE_URL): on a running server, each
//   documented operation gets a valid request and, where it takes input or a session, invalid ones
//   (health and this document take none; the queue stream ignores a bad Last-Event-ID). Each
//   answer's status must be documented for the operation and its body must match the schema
//   documented for that status, checked with the registry's zod schemas, undocumented fields
//   included. Calling tickets is checked on its refusal paths only (the hall is shared by specs).
//
// Registering an operation: one `defineOperation({ … })` in lib/api/operations.ts (see there).

const SCHEMA_REF = "#/components/schemas/";

const TAG_DESCRIPTIONS: Record<string, string> = {
  catalogue: "Service items (事项) and their materials",
  booking: "Slots, bookings and the waitlist (public: code plus phone)",
  queue: "The hall's live queue as everyone may see it",
  hall: "Staff and device endpoints of the hall (session cookie)",
  meta: "Health and this document",
  cases: "Cases (办件): intake at the window, back office, pickup; public tracking by number and phone",
  ratings: "Ratings (好差评) by link, phone or the window's pad, and the follow-ups of poor ones",
  village: "The offline village day (周二主题下村日): take a visit along, sync what was made offline",
};

type JsonSchema = Record<string, unknown>;

const pascal = (id: string) => id[0].toUpperCase() + id.slice(1);

function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (value && typeof value === "object")
    for (const [key, v] of Object.entries(value)) {
      if (key === "$ref" && typeof v === "string" && v.startsWith(SCHEMA_REF)) out.push(v.slice(SCHEMA_REF.length));
      else refsIn(v, out);
    }
  return out;
}

/**
 * The components one side needs: `roots` (the bodies of requests or of answers) and the named
 * schemas they reach, converted as their input (requests) or output (answers) type.
 */
function convertSide(roots: Map<z.ZodType, string>, io: "input" | "output"): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  // A private registry's metadata replaces the global one: keep the schema's description and examples.
  const add = (schema: z.ZodType, id: string) => {
    if (!registry.has(schema)) registry.add(schema, { ...z.globalRegistry.get(schema), id });
  };
  for (const [name, schema] of namedComponents()) add(schema, name);
  for (const [schema, id] of roots) add(schema, id);
  const { schemas } = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    io,
    uri: (id) => `${SCHEMA_REF}${id}`,
    // Refinements (a valid date, an ID number's check digit) cannot be said in JSON Schema; they
    // are described in the field's description instead.
    unrepresentable: "any",
  });
  const reached: Record<string, JsonSchema> = {};
  const pending = [...roots.values()];
  while (pending.length) {
    const id = pending.pop()!;
    if (id in reached) continue;
    const { $schema: _dialect, $id: _id, ...schema } = schemas[id] as JsonSchema;
    reached[id] = schema;
    pending.push(...refsIn(schema));
  }
  return reached;
}

function exampleOf(schema: z.ZodType): { example?: unknown } {
  const examples = z.globalRegistry.get(schema)?.examples;
  return Array.isArray(examples) && examples.length ? { example: examples[0] } : {};
}

function paramsOf(op: OperationSpec) {
  const out: JsonSchema[] = [];
  for (const location of ["path", "query", "header"] as const) {
    const schema = op.params?.[location];
    if (!schema) continue;
    const json = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      const { description, ...propertySchema } = property;
      out.push({
        name,
        in: location,
        required: location === "path" || (json.required ?? []).includes(name),
        ...(description ? { description } : {}),
        schema: propertySchema,
      });
    }
  }
  return out;
}

function buildDocument(ops: readonly OperationSpec[]) {
  // Every request body and answer body is a component: its own name, or `{OperationId}Request`
  // and `{OperationId}{Status}`.
  const names = new Map([...namedComponents()].map(([name, schema]) => [schema, name]));
  const requestRoots = new Map<z.ZodType, string>();
  const responseRoots = new Map<z.ZodType, string>([[problemSchema, names.get(problemSchema)!]]);
  for (const op of ops) {
    // A schema shared by several operations is named after the first.
    if (op.body && !requestRoots.has(op.body.schema))
      requestRoots.set(op.body.schema, names.get(op.body.schema) ?? `${pascal(op.operationId)}Request`);
    for (const [status, answer] of Object.entries(op.responses))
      if (answer?.schema && !responseRoots.has(answer.schema))
        responseRoots.set(answer.schema, names.get(answer.schema) ?? `${pascal(op.operationId)}${status}`);
  }
  const requests = convertSide(requestRoots, "input");
  const responses = convertSide(responseRoots, "output");
  for (const name of Object.keys(requests))
    if (name in responses && JSON.stringify(requests[name]) !== JSON.stringify(responses[name]))
      throw new Error(`OpenAPI: ${name} reads differently as a request and as an answer; name the two apart`);
  const schemas = Object.fromEntries(
    Object.entries({ ...requests, ...responses }).sort(([a], [b]) => a.localeCompare(b)),
  );
  const ref = (name: string) => ({ $ref: `${SCHEMA_REF}${name}` });

  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of ops) {
    const answers: Record<string, JsonSchema> = {};
    for (const [status, answer] of Object.entries(op.responses)) {
      if (!answer) continue;
      const contentType = answer.contentType ?? "application/json";
      answers[status] = {
        description: answer.description,
        ...(answer.schema
          ? { content: { [contentType]: { schema: ref(responseRoots.get(answer.schema)!) } } }
          : answer.contentType
            ? { content: { [contentType]: {} } }
            : {}),
      };
    }
    for (const [status, codes] of errorStatusesOf(op)) {
      answers[String(status)] = {
        description: `Problem JSON: ${codes.map((c) => `\`${c}\``).join(", ")}`,
        content: {
          "application/problem+json": {
            schema: { allOf: [ref("Problem"), { properties: { code: { enum: codes } } }] },
          },
        },
      };
    }
    const parameters = paramsOf(op);
    paths[op.path] ??= {};
    paths[op.path][op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: [...op.tags],
      ...(op.access === "public" ? { security: [] } : { security: [{ staffSession: [] }], "x-roles": [...op.access] }),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: op.body.required ?? true,
              ...(op.body.description ? { description: op.body.description } : {}),
              content: {
                "application/json": {
                  schema: ref(requestRoots.get(op.body.schema)!),
                  // zod leaves the examples of a transforming schema out of its input JSON Schema.
                  ...exampleOf(op.body.schema),
                },
              },
            },
          }
        : {}),
      responses: Object.fromEntries(Object.entries(answers).sort(([a], [b]) => Number(a) - Number(b))),
    };
  }

  return {
    openapi: "3.1.0" as const,
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "yichuang 一窗 API",
      version: "1.0.0",
      description:
        "Public JSON API of a township service centre (便民服务中心): the service catalogue, availability, bookings, the waitlist and the live queue, and the hall's staff and device endpoints. Errors are application/problem+json with a stable `code` and a Chinese `message`.",
    },
    servers: [{ url: "/" }],
    tags: [...new Set(ops.flatMap((op) => op.tags))].map((name) => ({
      name,
      ...(TAG_DESCRIPTIONS[name] ? { description: TAG_DESCRIPTIONS[name] } : {}),
    })),
    paths,
    components: {
      schemas,
      securitySchemes: {
        staffSession: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description:
            "The next-auth session of a staff member or device: GET /api/auth/csrf, then POST /api/auth/callback/credentials (form: username, password, csrfToken). The roles allowed are in `x-roles`; another role gets 403, no session 401.",
        },
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildDocument>;

let cached: OpenApiDocument | undefined;

/** The document, built once per process from the registry. */
export function getOpenApiDocument(): OpenApiDocument {
  cached ??= buildDocument(operations);
  return cached;
}
