import { z } from "zod";
import { operations } from "@/lib/api/operations";
import { errorStatusesOf, type OperationSpec } from "@/lib/api/registry";
import {
  bookingSchema,
  issuedTicketSchema,
  materialSchema,
  problemSchema,
  serviceItemDetailSchema,
  serviceItemSchema,
  slotSchema,
  ticketProgressSchema,
  ticketSchema,
  waitlistEntrySchema,
} from "@/lib/api/responses";
import { bookingBody, callBody, phoneBody, rescheduleBody, ticketBody, transferBody } from "@/lib/api/schemas";

// The OpenAPI 3.1 document of the JSON API (GET /api/v1/openapi.json), generated from the list of
// operations in lib/api/operations.ts and the zod schemas the route handlers parse with, through
// zod 4's z.toJSONSchema (JSON Schema draft 2020-12, the dialect of OpenAPI 3.1): request schemas
// as their input type, responses as their output type. Nothing here is written by hand twice.
//
// Tests:
// - test/unit/openapi.test.ts: every route file under app/api (but next-auth and the catch-all 404)
//   is documented with exactly the methods it exports, and every documented operation has a route
//   file; the document is structurally OpenAPI 3.1 (each operation has responses, a unique
//   operationId, its path parameters declared) and every `$ref` resolves.
// - e2e/openapi.spec.ts: on a running server, each documented operation gets a valid request and an
//   invalid one; the answer's status must be documented for it and its body must match the schema
//   documented for that status (checked with the registry's zod schemas).
//
// Registering an operation: append `defineOperation({ method, path, operationId, summary, tags,
// access, params, body, responses, errors })` to `operations` in lib/api/operations.ts, with the zod
// schemas the handler parses with (lib/api/schemas.ts) and its answers (lib/api/responses.ts).

const SCHEMA_REF = "#/components/schemas/";

// Named components. Any other schema an operation uses gets a name from its operationId.
const NAMED_RESPONSES: [z.ZodType, string][] = [
  [problemSchema, "Problem"],
  [serviceItemSchema, "ServiceItem"],
  [serviceItemDetailSchema, "ServiceItemDetail"],
  [materialSchema, "Material"],
  [slotSchema, "Slot"],
  [bookingSchema, "Booking"],
  [waitlistEntrySchema, "WaitlistEntry"],
  [ticketProgressSchema, "TicketProgress"],
  [issuedTicketSchema, "IssuedTicket"],
  [ticketSchema, "Ticket"],
];
const NAMED_REQUESTS: [z.ZodType, string][] = [
  [bookingBody, "BookingRequest"],
  [phoneBody, "PhoneRequest"],
  [rescheduleBody, "RescheduleRequest"],
  [ticketBody, "TicketRequest"],
  [transferBody, "TransferRequest"],
  [callBody, "CallRequest"],
];

type JsonSchema = Record<string, unknown>;

const pascal = (id: string) => id[0].toUpperCase() + id.slice(1);

function nameSchemas(named: [z.ZodType, string][], extra: [z.ZodType, string][]) {
  const registry = z.registry<{ id: string }>();
  // A private registry's metadata replaces the global one: keep the schema's description and examples.
  for (const [schema, id] of [...named, ...extra])
    if (!registry.has(schema)) registry.add(schema, { ...z.globalRegistry.get(schema), id });
  return registry;
}

function convert(registry: z.core.$ZodRegistry<{ id: string }>, io: "input" | "output"): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    io,
    uri: (id) => `${SCHEMA_REF}${id}`,
    // Refinements (a valid date, an ID number's check digit) cannot be said in JSON Schema; they
    // are described in the field's description instead.
    unrepresentable: "any",
  });
  const out: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema: _dialect, $id: _id, ...rest } = schema as JsonSchema;
    out[id] = rest;
  }
  return out;
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
  // Every request body and response body gets a component: a named one, or `{OperationId}{Status}`.
  const requestNames = new Map(NAMED_REQUESTS);
  const responseNames = new Map(NAMED_RESPONSES);
  const extraRequests: [z.ZodType, string][] = [];
  const extraResponses: [z.ZodType, string][] = [];
  for (const op of ops) {
    if (op.body && !requestNames.has(op.body.schema)) {
      requestNames.set(op.body.schema, `${pascal(op.operationId)}Request`);
      extraRequests.push([op.body.schema, `${pascal(op.operationId)}Request`]);
    }
    for (const [status, answer] of Object.entries(op.responses)) {
      if (answer?.schema && !responseNames.has(answer.schema)) {
        responseNames.set(answer.schema, `${pascal(op.operationId)}${status}`);
        extraResponses.push([answer.schema, `${pascal(op.operationId)}${status}`]);
      }
    }
  }
  const schemas = {
    ...convert(nameSchemas(NAMED_REQUESTS, extraRequests), "input"),
    ...convert(nameSchemas(NAMED_RESPONSES, extraResponses), "output"),
  };
  const ref = (name: string) => ({ $ref: `${SCHEMA_REF}${name}` });

  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of ops) {
    const responses: Record<string, JsonSchema> = {};
    for (const [status, answer] of Object.entries(op.responses)) {
      if (!answer) continue;
      const contentType = answer.contentType ?? "application/json";
      responses[status] = {
        description: answer.description,
        ...(answer.schema
          ? { content: { [contentType]: { schema: ref(responseNames.get(answer.schema)!) } } }
          : answer.contentType
            ? { content: { [contentType]: {} } }
            : {}),
      };
    }
    for (const [status, codes] of errorStatusesOf(op)) {
      responses[String(status)] = {
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
                  schema: ref(requestNames.get(op.body.schema)!),
                  // zod leaves the examples of a transforming schema out of its input JSON Schema.
                  ...exampleOf(op.body.schema),
                },
              },
            },
          }
        : {}),
      responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b))),
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
    tags: [
      { name: "catalogue", description: "Service items (事项) and their materials" },
      { name: "booking", description: "Slots, bookings and the waitlist (public: code plus phone)" },
      { name: "queue", description: "The hall's live queue as everyone may see it" },
      { name: "hall", description: "Staff and device endpoints of the hall (session cookie)" },
      { name: "meta", description: "Health and this document" },
    ],
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
