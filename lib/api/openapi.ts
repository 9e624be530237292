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
      "Public JSON API of a township service centre (便民服务中心): the service catalogue, availability, bookings, the waitlist and the live queue. Staff and device endpoints use the next-auth session cookie. Errors are application/problem+json with a stable `code` and a Chinese `message`.",
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
          {
            name: "q",
            in: "query",
            schema: { type: "string", maxLength: 50 },
            description: "Part of the name, or pinyin (initials such as `ylbx`, or full pinyin)",
          },
          {
            name: "department",
            in: "query",
            schema: { type: "string", pattern: "^[A-Z]{2,6}$" },
            description: "Department code, e.g. `RSJ`",
          },
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
                  properties: {
                    items: { type: "array", items: { $ref: "#/components/schemas/ServiceItem" } },
                    total: { type: "integer" },
                  },
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
          "200": {
            description: "The item",
            content: { "application/json": { schema: { $ref: "#/components/schemas/ServiceItemDetail" } } },
          },
          "404": problem,
        },
      },
    },
    "/api/v1/availability": {
      get: {
        summary: "Bookable slots of an item: the hall, weekend posts, village days",
        description:
          "Slots within the booking window (minimum notice to horizon) that offer the item. Full slots are listed with remaining 0, so that a client can offer the waitlist.",
        parameters: [
          { name: "service", in: "query", required: true, schema: { type: "string", example: "YBJ-001" } },
          { name: "from", in: "query", required: true, schema: { type: "string", format: "date" } },
          {
            name: "to",
            in: "query",
            required: true,
            schema: { type: "string", format: "date" },
            description: "At most 62 days after from",
          },
          { name: "channel", in: "query", schema: { enum: ["window", "weekend", "village"] } },
          {
            name: "village",
            in: "query",
            schema: { type: "string", example: "V02" },
            description: "Village code, for village days",
          },
        ],
        responses: {
          "200": {
            description: "Slots by start time",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["slots"],
                  properties: { slots: { type: "array", items: { $ref: "#/components/schemas/Slot" } } },
                },
              },
            },
          },
          "404": problem,
          "422": problem,
        },
      },
    },
    "/api/v1/bookings": {
      post: {
        summary: "Book a slot",
        parameters: [
          {
            name: "Idempotency-Key",
            in: "header",
            schema: { type: "string", maxLength: 128 },
            description:
              "Retries with the same key and body return the same booking; another body gets 422 idempotency_mismatch",
          },
        ],
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/BookingRequest" } } },
        },
        responses: {
          "201": {
            description: "Booked (or the earlier answer to the same Idempotency-Key)",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Booking" } } },
          },
          "400": problem,
          "403": { ...problem, description: "booking_suspended: three no-shows in 90 days" },
          "409": { ...problem, description: "slot_full, or duplicate_booking (one per phone, item and day)" },
          "422": { ...problem, description: "invalid_input (per field), not_bookable, idempotency_mismatch" },
          "429": {
            ...problem,
            description: "rate_limited (per client address, Retry-After) or quota_exceeded (active bookings per phone)",
          },
        },
      },
    },
    "/api/v1/bookings/{code}": {
      get: {
        summary: "A booking, by its code and the phone it was made with (masked)",
        parameters: [
          { name: "code", in: "path", required: true, schema: { type: "string", example: "7KQ3MP" } },
          { name: "phone", in: "query", required: true, schema: { type: "string" } },
        ],
        responses: {
          "200": {
            description: "The booking",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Booking" } } },
          },
          "404": problem,
          "429": problem,
        },
      },
    },
    "/api/v1/bookings/{code}/cancel": {
      post: {
        summary: "Cancel; the seat goes to the first on the waitlist or back to the slot",
        parameters: [{ name: "code", in: "path", required: true, schema: { type: "string" } }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: { type: "object", required: ["phone"], properties: { phone: { type: "string" } } },
            },
          },
        },
        responses: {
          "200": {
            description: "Cancelled",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Booking" } } },
          },
          "404": problem,
          "409": problem,
          "422": problem,
        },
      },
    },
    "/api/v1/bookings/{code}/reschedule": {
      post: {
        summary: "Move a booking to another slot under the same code; name and ID number cannot change",
        parameters: [{ name: "code", in: "path", required: true, schema: { type: "string" } }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["phone", "slotId"],
                properties: { phone: { type: "string" }, slotId: { type: "integer" } },
              },
            },
          },
        },
        responses: {
          "200": {
            description: "Moved",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Booking" } } },
          },
          "404": problem,
          "409": problem,
          "422": problem,
        },
      },
    },
    "/api/v1/waitlist": {
      post: {
        summary: "Join the waitlist of a full slot; when a seat frees, the first in line is booked and told by SMS",
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/BookingRequest" } } },
        },
        responses: {
          "201": {
            description: "On the waitlist",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    id: { type: "integer" },
                    position: { type: "integer" },
                    service: { type: "object" },
                    slot: { type: "object" },
                    phone: { type: "string" },
                  },
                },
              },
            },
          },
          "409": { ...problem, description: "slot_available: book it instead; duplicate_booking" },
          "422": problem,
          "429": problem,
        },
      },
    },
    "/api/v1/queue": {
      get: {
        summary: "The hall's live queue (public, no personal data); ?ticket=A012 adds that ticket's place",
        parameters: [{ name: "ticket", in: "query", schema: { type: "string", pattern: "^[A-Z]\\d{3}$" } }],
        responses: {
          "200": {
            description: "calling: the ticket at each window; waiting: count and estimated minutes per queue",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    calling: {
                      type: "array",
                      items: {
                        type: "object",
                        properties: {
                          ticket: { type: "string" },
                          window: { type: "integer" },
                          calledAt: { type: "string", format: "date-time" },
                        },
                      },
                    },
                    waiting: {
                      type: "array",
                      items: {
                        type: "object",
                        properties: {
                          queue: { type: "string" },
                          name: { type: "string" },
                          count: { type: "integer" },
                          estimatedMinutes: { type: "integer" },
                        },
                      },
                    },
                    recent: { type: "array", items: { type: "object" } },
                    lastEventId: { type: "integer" },
                    ticket: {
                      type: "object",
                      properties: {
                        number: { type: "string" },
                        status: { type: "string" },
                        window: { type: ["integer", "null"] },
                        ahead: { type: "integer" },
                        estimatedMinutes: { type: "integer" },
                      },
                    },
                  },
                },
              },
            },
          },
          "404": problem,
        },
      },
    },
    "/api/v1/queue/stream": {
      get: {
        summary: "Server-Sent Events of the live queue",
        description:
          "`event: state` with the same body as GET /api/v1/queue on connect and after every change (in any app instance, through PostgreSQL LISTEN/NOTIFY); `event: call` ({ id, kind: called|recalled, ticket, window, at }) for each call since the Last-Event-ID a reconnecting client sends. Every event has an `id:`.",
        parameters: [{ name: "Last-Event-ID", in: "header", schema: { type: "integer" } }],
        responses: { "200": { description: "text/event-stream", content: { "text/event-stream": {} } } },
      },
    },
    "/api/v1/windows": {
      get: {
        summary: "The hall's windows and the queues each calls (staff and device session)",
        responses: {
          "200": { description: "{ windows: [{ id, number, name, queues }] }", content: { "application/json": {} } },
          "401": problem,
          "403": problem,
        },
      },
    },
    "/api/v1/tickets": {
      post: {
        summary: "Issue a walk-in ticket (kiosk or clerk; a clerk may set the green channel)",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["queue"],
                properties: { queue: { type: "string", example: "A" }, greenChannel: { type: "boolean" } },
              },
            },
          },
        },
        responses: {
          "201": {
            description: "{ id, number, queue, queueName, ahead, estimatedMinutes }",
            content: { "application/json": {} },
          },
          "401": problem,
          "403": problem,
          "409": { ...problem, description: "the queue's daily cap is reached" },
          "422": problem,
        },
      },
    },
    "/api/v1/bookings/{code}/check-in": {
      post: {
        summary: "Check a booking in at the hall (kiosk or clerk): a ticket, ahead of walk-ins when on time",
        parameters: [{ name: "code", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "201": { description: "The ticket, with bookingCode and serviceName", content: { "application/json": {} } },
          "401": problem,
          "403": problem,
          "404": problem,
          "409": problem,
        },
      },
    },
    "/api/v1/windows/{id}/call-next": {
      post: {
        summary: "Call the next ticket for the clerk's own window (exactly once, FOR UPDATE SKIP LOCKED)",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
        responses: {
          "200": { description: "{ ticket }", content: { "application/json": {} } },
          "204": { description: "Nobody waits" },
          "401": problem,
          "403": problem,
          "409": problem,
        },
      },
    },
    "/api/v1/tickets/{id}/{action}": {
      post: {
        summary: "Act on the ticket at the clerk's window",
        description:
          "recall (past QUEUE_RECALL_LIMIT recalls the ticket is dropped as a no-show), no-show, park, unpark, start, finish; transfer with { queue } or { windowId }; call (out of order) with { reason }.",
        parameters: [
          { name: "id", in: "path", required: true, schema: { type: "integer" } },
          {
            name: "action",
            in: "path",
            required: true,
            schema: { enum: ["recall", "no-show", "park", "unpark", "start", "finish", "transfer", "call"] },
          },
        ],
        responses: {
          "200": { description: "{ ticket }", content: { "application/json": {} } },
          "401": problem,
          "403": problem,
          "404": problem,
          "409": problem,
          "422": problem,
        },
      },
    },
    "/api/v1/desk": {
      get: {
        summary: "The clerk's window: current ticket, waiting in calling order, parked",
        responses: {
          "200": { description: "{ current, waiting, parked }", content: { "application/json": {} } },
          "401": problem,
          "403": problem,
        },
      },
    },
    "/api/v1/openapi.json": {
      get: {
        summary: "This document",
        responses: { "200": { description: "OpenAPI 3.1", content: { "application/json": {} } } },
      },
    },
    "/api/auth/callback/credentials": {
      post: {
        summary:
          "Staff and device sign-in (next-auth credentials: username, password, csrfToken); sets the session cookie",
        requestBody: {
          content: {
            "application/x-www-form-urlencoded": {
              schema: {
                type: "object",
                required: ["username", "password", "csrfToken"],
                properties: {
                  username: { type: "string" },
                  password: { type: "string" },
                  csrfToken: { type: "string" },
                },
              },
            },
          },
        },
        responses: {
          "200": { description: "Signed in, or an error code (`invalid`, `locked`) in the returned URL" },
          "302": { description: "Redirect" },
        },
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
        required: [
          "code",
          "name",
          "department",
          "category",
          "kind",
          "promisedDays",
          "feeCents",
          "channels",
          "bookable",
          "summary",
        ],
        properties: {
          code: { type: "string", example: "YBJ-001" },
          name: { type: "string" },
          department: {
            type: "object",
            properties: { code: { type: "string" }, name: { type: "string" }, shortName: { type: "string" } },
          },
          category: { type: "string" },
          kind: { enum: ["instant", "promised"], description: "即办件 or 承诺件" },
          promisedDays: { type: ["integer", "null"], description: "Promised working days (承诺件)" },
          feeCents: { type: "integer", description: "Fee in fen; 0 is free" },
          channels: { type: "array", items: { enum: ["window", "weekend", "village"] } },
          bookable: { type: "boolean" },
          summary: { type: "string" },
        },
      },
      Slot: {
        type: "object",
        required: ["id", "channel", "date", "start", "end", "capacity", "remaining"],
        properties: {
          id: { type: "integer" },
          channel: { enum: ["window", "weekend", "village"] },
          date: { type: "string", format: "date" },
          start: { type: "string", example: "09:00" },
          end: { type: "string", example: "09:30" },
          location: { type: "string" },
          villageId: { type: "string" },
          villageName: { type: "string" },
          theme: { type: "string" },
          capacity: { type: "integer", description: "Seats bookable online" },
          remaining: { type: "integer" },
        },
      },
      BookingRequest: {
        type: "object",
        required: ["service", "slotId", "name", "phone"],
        properties: {
          service: { type: "string", example: "YBJ-001" },
          slotId: { type: "integer" },
          name: { type: "string", minLength: 2, maxLength: 20 },
          phone: { type: "string", pattern: "^1[3-9]\\d{9}$" },
          idNumber: { type: "string", description: "Optional; GB 11643 with its check digit" },
        },
      },
      Booking: {
        type: "object",
        properties: {
          code: { type: "string", example: "7KQ3MP" },
          status: { enum: ["confirmed", "cancelled", "checked_in", "no_show", "completed"] },
          service: { type: "object", properties: { code: { type: "string" }, name: { type: "string" } } },
          slot: { $ref: "#/components/schemas/Slot" },
          name: { type: "string" },
          phone: { type: "string", example: "138****8000" },
          idNumber: { type: ["string", "null"], example: "330185********1234" },
          materials: { type: "array", items: { type: "object" } },
          createdAt: { type: "string", format: "date-time" },
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
                items: {
                  type: "object",
                  required: ["name", "required", "copies"],
                  properties: {
                    name: { type: "string" },
                    required: { type: "boolean" },
                    copies: { type: "string" },
                    note: { type: "string" },
                  },
                },
              },
              queue: { type: "object", properties: { prefix: { type: "string" }, name: { type: "string" } } },
              where: {
                type: "object",
                description: "The hall's hours, the coming weekend posts and village days that offer the item",
              },
            },
          },
        ],
      },
    },
  },
} as const;
