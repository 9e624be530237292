// OpenAPI 3.1 description of the public JSON API. Kept beside the schemas it describes; a test
// checks that every documented path answers and every route under app/api/v1 is documented.

const problem = {
  description: "Problem JSON",
  content: {
    "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } },
  },
};

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "yichuang 一窗 API",
    version: "1.0.0",
    description:
      "Public JSON API of a township service centre (便民服务中心): the service catalogue, health. Errors are application/problem+json with a stable `code` and a Chinese `message`.",
  },
  servers: [{ url: "/" }],
  paths: {
    "/api/health": {
      get: {
        summary: "Liveness and database kind",
        responses: {
          "200": {
            description: "The app and its database answer",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["status", "db"],
                  properties: { status: { const: "ok" }, db: { enum: ["pglite", "postgres"] } },
                },
              },
            },
          },
          "503": problem,
        },
      },
    },
    "/api/v1/services": {
      get: {
        summary: "The hall's catalogue of service items (事项)",
        parameters: [
          { name: "q", in: "query", schema: { type: "string", maxLength: 50 }, description: "Part of the name, or pinyin (initials such as `ylbx`, or full pinyin)" },
          { name: "department", in: "query", schema: { type: "string", pattern: "^[A-Z]{2,6}$" }, description: "Department code, e.g. `RSJ`" },
          { name: "channel", in: "query", schema: { enum: ["window", "weekend", "village"] } },
        ],
        responses: {
          "200": {
            description: "Matching items; `total` is how many matched",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["items", "total"],
                  properties: { items: { type: "array", items: { $ref: "#/components/schemas/ServiceItem" } }, total: { type: "integer" } },
                },
              },
            },
          },
          "422": problem,
        },
      },
    },
    "/api/v1/services/{code}": {
      get: {
        summary: "One item with its one-time list of materials (一次性告知) and where and when it is handled",
        parameters: [{ name: "code", in: "path", required: true, schema: { type: "string", example: "YBJ-001" } }],
        responses: {
          "200": { description: "The item", content: { "application/json": { schema: { $ref: "#/components/schemas/ServiceItemDetail" } } } },
          "404": problem,
        },
      },
    },
    "/api/v1/openapi.json": {
      get: { summary: "This document", responses: { "200": { description: "OpenAPI 3.1", content: { "application/json": {} } } } },
    },
    "/api/auth/callback/credentials": {
      post: {
        summary: "Staff and device sign-in (next-auth credentials: username, password, csrfToken); sets the session cookie",
        requestBody: {
          content: {
            "application/x-www-form-urlencoded": {
              schema: { type: "object", required: ["username", "password", "csrfToken"], properties: { username: { type: "string" }, password: { type: "string" }, csrfToken: { type: "string" } } },
            },
          },
        },
        responses: { "200": { description: "Signed in, or an error code (`invalid`, `locked`) in the returned URL" }, "302": { description: "Redirect" } },
      },
    },
  },
  components: {
    schemas: {
      Problem: {
        type: "object",
        required: ["code", "message"],
        properties: {
          code: { type: "string", examples: ["invalid_input", "not_found", "slot_full", "forbidden"] },
          message: { type: "string", description: "Chinese, fit to show on screen" },
          fields: { type: "object", additionalProperties: { type: "string" }, description: "Per-field messages" },
        },
      },
      ServiceItem: {
        type: "object",
        required: ["code", "name", "department", "category", "kind", "promisedDays", "feeCents", "channels", "bookable", "summary"],
        properties: {
          code: { type: "string", example: "YBJ-001" },
          name: { type: "string" },
          department: { type: "object", properties: { code: { type: "string" }, name: { type: "string" }, shortName: { type: "string" } } },
          category: { type: "string" },
          kind: { enum: ["instant", "promised"], description: "即办件 or 承诺件" },
          promisedDays: { type: ["integer", "null"], description: "Promised working days (承诺件)" },
          feeCents: { type: "integer", description: "Fee in fen; 0 is free" },
          channels: { type: "array", items: { enum: ["window", "weekend", "village"] } },
          bookable: { type: "boolean" },
          summary: { type: "string" },
        },
      },
      ServiceItemDetail: {
        allOf: [
          { $ref: "#/components/schemas/ServiceItem" },
          {
            type: "object",
            properties: {
              conditions: { type: "string" },
              materials: {
                type: "array",
                items: { type: "object", required: ["name", "required", "copies"], properties: { name: { type: "string" }, required: { type: "boolean" }, copies: { type: "string" }, note: { type: "string" } } },
              },
              queue: { type: "object", properties: { prefix: { type: "string" }, name: { type: "string" } } },
              where: { type: "object", description: "The hall's hours, the coming weekend posts and village days that offer the item" },
            },
          },
        ],
      },
    },
  },
} as const;
