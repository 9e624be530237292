import { randomInt } from "node:crypto";
import { expect, test, type APIRequestContext, type APIResponse, type PlaywrightWorkerArgs } from "@playwright/test";
import { operations } from "@/lib/api/operations";
import { responseSchemaOf, statusesOf, type OperationSpec } from "@/lib/api/registry";
import { queueStateSchema } from "@/lib/api/responses";
import { requestPhoneCode, sameOrigin } from "./fixtures";

// The OpenAPI document against the running server (API only, the `request` fixture). For every
// operation of GET /api/v1/openapi.json: a valid request, built from the examples in the document
// and completed with live data (a real service code, a real slot, a booking made here), and one or
// more invalid ones. Each answer's status must be one documented for the operation, and its body
// must match the schema documented for that status — validated with the registry's own zod
// schemas, and compared with what zod kept, so that an undocumented field fails too.
//
// The shared hall: other specs call tickets at windows 1 and 2 (queues A, B) and, on PostgreSQL,
// at window 4 in queue C. Here nobody calls a ticket: call-next and the ticket actions are checked
// only on their refusal paths (another clerk's window, a ticket not at one's window, a bad action,
// a bad body). The one ticket issued goes to queue C (the kiosk), the booking checked in is for a
// later day (so the check-in is refused and no ticket is made), and the waitlist is tried on a
// slot with seats left (so it answers slot_available).
// Operations without a case below still get their example request, and 401 when staff-only.

const PASSWORD = "yichuang-demo";
const ACCOUNTS: Record<string, string> = {
  clerk: "clerk4",
  kiosk: "kiosk",
  display: "display",
  manager: "manager",
  admin: "admin",
  // The back office of 区人力资源和社会保障局: the RSJ-… items' cases are its to work.
  backoffice: "backoffice1",
  pad: "pad1",
};

type Json = Record<string, unknown>;
type Playwright = PlaywrightWorkerArgs["playwright"];
type DocOperation = {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean; schema: { examples?: unknown[] } }[];
  requestBody?: { content: Record<string, { example?: unknown }> };
  responses: Record<string, unknown>;
  "x-roles"?: string[];
};

interface Call {
  /** Who sends it: "anonymous" or a staff role (signed in with its demo account). */
  as?: string;
  path?: Record<string, string | number>;
  query?: Partial<Record<string, string>>;
  headers?: Partial<Record<string, string>>;
  /** A JSON body, or a raw string (sent as is, with the content type in headers). */
  body?: unknown;
  /** Also expected exactly, where the answer is certain. */
  status?: number;
  code?: string;
}

const shanghaiToday = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const newPhone = () => `139${String(randomInt(0, 100_000_000)).padStart(8, "0")}`;

let documentCache: Json | undefined;
async function served(request: APIRequestContext): Promise<Json> {
  if (!documentCache) {
    const response = await request.get("/api/v1/openapi.json");
    expect(response.status()).toBe(200);
    documentCache = (await response.json()) as Json;
  }
  return documentCache;
}

function docOperation(document: Json, op: OperationSpec): DocOperation {
  const entry = (document.paths as Record<string, Record<string, DocOperation>>)[op.path]?.[op.method];
  expect(entry, `${op.method.toUpperCase()} ${op.path} is in the served document`).toBeTruthy();
  expect(entry.operationId).toBe(op.operationId);
  return entry;
}

const staffContexts = new Map<string, APIRequestContext>();
async function contextFor(playwright: Playwright, baseURL: string, request: APIRequestContext, as?: string) {
  if (!as || as === "anonymous") return request;
  const existing = staffContexts.get(as);
  if (existing) return existing;
  const context = await playwright.request.newContext(sameOrigin(baseURL));
  const { csrfToken } = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await context.post("/api/auth/callback/credentials", {
    form: { username: ACCOUNTS[as], password: PASSWORD, csrfToken, json: "true" },
    maxRedirects: 0,
  });
  const session = (await (await context.get("/api/auth/session")).json()) as { user?: { role?: string } };
  expect(session.user?.role, `signed in as ${ACCOUNTS[as]}`).toBe(as);
  staffContexts.set(as, context);
  return context;
}

test.afterAll(async () => {
  for (const context of staffContexts.values()) await context.dispose();
  staffContexts.clear();
});

/** The request the document's examples describe: required parameters and the body example. */
function exampleCall(doc: DocOperation): Call {
  const call: Call = { path: {}, query: {}, headers: {} };
  for (const p of doc.parameters ?? []) {
    const example = p.schema.examples?.[0];
    if (example === undefined || (!p.required && p.in !== "path")) continue;
    if (p.in === "path") call.path![p.name] = String(example);
    else if (p.in === "query") call.query![p.name] = String(example);
    else if (p.in === "header") call.headers![p.name] = String(example);
  }
  const example = doc.requestBody?.content["application/json"]?.example;
  if (example !== undefined) call.body = example;
  call.as = doc["x-roles"]?.[0] ?? "anonymous";
  return call;
}

async function send(
  playwright: Playwright,
  baseURL: string,
  request: APIRequestContext,
  op: OperationSpec,
  call: Call,
): Promise<APIResponse> {
  const context = await contextFor(playwright, baseURL, request, call.as);
  let url = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(call.path?.[name] ?? "")));
  const defined = (record: Partial<Record<string, string>> = {}) =>
    Object.fromEntries(Object.entries(record).filter((e): e is [string, string] => e[1] !== undefined));
  const query = new URLSearchParams(defined(call.query)).toString();
  if (query) url += `?${query}`;
  const headers = defined(call.headers);
  const options: Parameters<APIRequestContext["fetch"]>[1] = { method: op.method.toUpperCase(), headers };
  // A Buffer goes as is: Playwright would JSON-encode a string that is not JSON.
  if (typeof call.body === "string") options.data = Buffer.from(call.body);
  else if (call.body !== undefined) {
    headers["content-type"] ??= "application/json";
    options.data = JSON.stringify(call.body);
  }
  return context.fetch(url, options);
}

/** The status is documented for the operation and the body is exactly the documented schema. */
async function expectDocumented(doc: DocOperation, op: OperationSpec, response: APIResponse, call: Call) {
  const status = response.status();
  const label = `${op.method.toUpperCase()} ${op.path} as ${call.as ?? "anonymous"} → ${status}`;
  expect(statusesOf(op), `${label}: ${await response.text()}`).toContain(status);
  expect(Object.keys(doc.responses), label).toContain(String(status));
  if (call.status !== undefined) expect(status, `${label}: ${await response.text()}`).toBe(call.status);
  const schema = responseSchemaOf(op, status);
  const fileType = op.responses[status]?.contentType;
  if (!schema && fileType && fileType !== "text/event-stream") {
    // A download (a workbook, a CSV table): its documented type and some bytes.
    expect(response.headers()["content-type"] ?? "", label).toContain(fileType);
    expect((await response.body()).length, label).toBeGreaterThan(0);
    return;
  }
  if (!schema) {
    expect(await response.text(), `${label} has no body`).toBe("");
    return;
  }
  const type = response.headers()["content-type"] ?? "";
  expect(type, label).toContain(status >= 400 ? "application/problem+json" : "application/json");
  const body: unknown = await response.json();
  const result = schema.safeParse(body);
  expect(result.success, `${label}: ${JSON.stringify(result.error?.issues)}\n${JSON.stringify(body)}`).toBe(true);
  // zod drops keys a schema does not name: what it kept must be the whole body.
  expect(result.data, `${label}: undocumented fields`).toEqual(body);
  if (call.code) expect((body as { code?: string }).code, label).toBe(call.code);
}

// Live data: a bookable item offered at the hall window, and its open slots from tomorrow on.
interface Live {
  service: string;
  slots: { id: number; date: string; remaining: number }[];
}
let live: Live | undefined;
async function liveData(request: APIRequestContext): Promise<Live> {
  if (live) return live;
  const { items } = (await (await request.get("/api/v1/services?channel=window")).json()) as {
    items: { code: string; bookable: boolean }[];
  };
  const from = addDays(shanghaiToday(), 1);
  for (const item of items.filter((i) => i.bookable)) {
    const response = await request.get(
      `/api/v1/availability?service=${item.code}&channel=window&from=${from}&to=${addDays(from, 30)}`,
    );
    const { slots } = (await response.json()) as Live;
    const open = slots.filter((s) => s.remaining > 0);
    if (new Set(open.map((s) => s.date)).size >= 2) {
      live = { service: item.code, slots: open };
      return live;
    }
  }
  throw new Error("no bookable item with open slots on two days");
}

/** A fresh booking with a phone of its own: its code, phone and slot (another slot if one filled up). */
async function makeBooking(request: APIRequestContext) {
  const { service, slots } = await liveData(request);
  const phone = newPhone();
  // A booking refused for a full slot leaves the code usable for the next try.
  const phoneCode = await requestPhoneCode(request, phone);
  for (let tries = 0; tries < 5; tries++) {
    const slot = slots[randomInt(0, slots.length)];
    const response = await request.post("/api/v1/bookings", {
      data: { service, slotId: slot.id, name: "接口测试", phone, phoneCode },
    });
    if (response.status() === 409) continue;
    expect(response.status(), await response.text()).toBe(201);
    const { code } = (await response.json()) as { code: string };
    return { code, phone, slot };
  }
  throw new Error("five slots in a row were full");
}

/**
 * The slot of another day with the most seats left now: the cached list is stale (other cases here
 * book seats meanwhile, createBooking its first slot), and a demo slot may have had one seat left.
 */
async function otherDaySlot(request: APIRequestContext, date: string) {
  const { service } = await liveData(request);
  const from = addDays(shanghaiToday(), 1);
  const { slots } = (await (
    await request.get(`/api/v1/availability?service=${service}&channel=window&from=${from}&to=${addDays(from, 30)}`)
  ).json()) as Live;
  const others = slots.filter((s) => s.date !== date && s.remaining > 0);
  expect(others.length, "an open slot on another day").toBeGreaterThan(0);
  return others.reduce((a, b) => (b.remaining > a.remaining ? b : a));
}

async function windowIds(request: APIRequestContext, playwright: Playwright, baseURL: string) {
  const context = await contextFor(playwright, baseURL, request, "clerk");
  const { windows } = (await (await context.get("/api/v1/windows")).json()) as {
    windows: { id: number; number: number }[];
  };
  return new Map(windows.map((w) => [w.number, w.id]));
}

// Cases: taken in by the clerk as walk-ins (no ticket, no booking), so that no queue is touched.
// RSJ-002 is a promised item (承诺件) of the back office's department, RSJ-005 an instant one (即办件).
const PROMISED = "RSJ-002";
const PROMISED_MATERIALS = [
  "居民身份证",
  "本人社会保障卡（金融账户已激活）或本人银行卡",
  "城乡居民基本养老保险待遇领取申请表",
];
const INSTANT = "RSJ-005";
const INSTANT_MATERIALS = ["居民身份证", "灵活就业人员参保登记表"];

/** A valid resident ID number (GB 11643 check digit) of its own, born on 1950-01-01. */
function newIdNumber() {
  const body = `33018519500101${String(randomInt(0, 1000)).padStart(3, "0")}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((total, digit, i) => total + Number(digit) * weights[i], 0);
  return body + "10X98765432"[sum % 11];
}

interface MadeCase {
  caseNo: string;
  phone: string;
  idNumber: string;
  status: string;
}

/** A case taken in by the clerk; all materials received unless `received` says otherwise. */
async function makeCase(
  request: APIRequestContext,
  playwright: Playwright,
  baseURL: string,
  options: { service?: string; received?: string[] } = {},
): Promise<MadeCase> {
  const clerk = await contextFor(playwright, baseURL, request, "clerk");
  const service = options.service ?? PROMISED;
  const received = options.received ?? (service === INSTANT ? INSTANT_MATERIALS : PROMISED_MATERIALS);
  const phone = newPhone();
  const idNumber = newIdNumber();
  const response = await clerk.post("/api/v1/cases", {
    data: { service, name: "接口测试", phone, idNumber, materials: { received, missing: [] } },
  });
  expect(response.status(), await response.text()).toBe(201);
  const { caseNo, status } = (await response.json()) as { caseNo: string; status: string };
  return { caseNo, phone, idNumber, status };
}

/** A case number of the same hall and year that no case has (the sequence runs far below it). */
const unknownCaseNo = (caseNo: string) => `${caseNo.slice(0, -6)}999999`;

/** A walk-in ticket of the hall in queue C, which nobody here calls (as the issueTicket case). */
async function hallTicket(request: APIRequestContext, playwright: Playwright, baseURL: string) {
  const kiosk = await contextFor(playwright, baseURL, request, "kiosk");
  const response = await kiosk.post("/api/v1/tickets", { data: { queue: "C" } });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: number }).id;
}

/** A case rated 非常不满意 by phone: the evaluation's id is the follow-up's. */
async function poorlyRatedCase(request: APIRequestContext, playwright: Playwright, baseURL: string) {
  const made = await makeCase(request, playwright, baseURL);
  const response = await request.post("/api/v1/evaluations", {
    data: { caseNo: made.caseNo, phone: made.phone, level: 1, reasons: ["效率"], comment: "接口测试" },
  });
  expect(response.status(), await response.text()).toBe(201);
  const { id, followUpDueDate } = (await response.json()) as { id: number; followUpDueDate: string | null };
  expect(followUpDueDate).toBeTruthy();
  return id;
}

type CaseBuilder = (ctx: {
  request: APIRequestContext;
  playwright: Playwright;
  baseURL: string;
  example: Call;
}) => Promise<Call[]>;

// For each operation: the valid request(s) first, then the invalid ones.
const CASES: Record<string, CaseBuilder> = {
  getHealth: async ({ example }) => [{ ...example, status: 200 }],
  getOpenApi: async ({ example }) => [{ ...example, status: 200 }],
  listServices: async ({ example }) => [
    { ...example, status: 200 },
    { ...example, query: { q: "ylbx" }, status: 200 },
    { ...example, query: { department: "bad" }, status: 422, code: "invalid_input" },
  ],
  getService: async ({ request, example }) => [
    { ...example, path: { code: (await liveData(request)).service }, status: 200 },
    { ...example, path: { code: "ZZZ-999" }, status: 404, code: "not_found" },
    { ...example, path: { code: "not a code" }, status: 404, code: "not_found" },
  ],
  listAvailability: async ({ request, example }) => {
    const from = addDays(shanghaiToday(), 1);
    const service = (await liveData(request)).service;
    return [
      { ...example, query: { service, from, to: addDays(from, 14) }, status: 200 },
      { ...example, query: { service, from: addDays(from, 14), to: from }, status: 422, code: "invalid_input" },
      { ...example, query: {}, status: 422, code: "invalid_input" },
      { ...example, query: { service: "ZZZ-999", from, to: from }, status: 404, code: "not_found" },
    ];
  },
  createBooking: async ({ request, example }) => {
    const { service, slots } = await liveData(request);
    // Each case that reaches the code check has a phone and a code of its own: a code books once.
    const withCode = async () => {
      const phone = newPhone();
      return {
        ...(example.body as Json),
        service,
        slotId: slots[0].id,
        phone,
        phoneCode: await requestPhoneCode(request, phone),
      };
    };
    const body = await withCode();
    const { phoneCode: _code, ...withoutCode } = { ...body, phone: newPhone() };
    const key = { "Idempotency-Key": `openapi-${randomInt(0, 1e9)}-${Date.now()}` };
    return [
      { ...example, headers: key, body, status: 201 },
      // The same key and body: the same booking again.
      { ...example, headers: key, body, status: 201 },
      { ...example, headers: key, body: { ...body, name: "另一个人" }, status: 422, code: "idempotency_mismatch" },
      { ...example, headers: {}, body: {}, status: 422, code: "invalid_input" },
      { ...example, headers: {}, body: { ...body, phone: "12345" }, status: 422, code: "invalid_input" },
      { ...example, headers: {}, body: { ...(await withCode()), service: "ZZZ-999" }, status: 404, code: "not_found" },
      { ...example, headers: {}, body: withoutCode, status: 422, code: "phone_code_required" },
      // The first case used this code.
      {
        ...example,
        headers: {},
        body: { ...body, slotId: slots[1]?.id ?? slots[0].id },
        status: 422,
        code: "phone_code_expired",
      },
      { ...example, headers: { "content-type": "application/json" }, body: "{not json", status: 400 },
      { ...example, headers: { "content-type": "text/plain" }, body: "hello", status: 415 },
    ];
  },
  requestPhoneCode: async ({ example }) => {
    const phone = newPhone();
    return [
      { ...example, body: { phone }, status: 202 },
      // One code a minute per phone.
      { ...example, body: { phone }, status: 429, code: "phone_code_limited" },
      { ...example, body: { phone: "12345" }, status: 422, code: "invalid_input" },
    ];
  },
  getBooking: async ({ request, example }) => {
    const { code, phone } = await makeBooking(request);
    return [
      { ...example, path: { code }, query: { phone }, status: 200 },
      { ...example, path: { code }, query: { phone: newPhone() }, status: 404, code: "not_found" },
      { ...example, path: { code }, query: { phone: "not a phone" }, status: 404, code: "not_found" },
    ];
  },
  rescheduleBooking: async ({ request, example }) => {
    const { code, phone, slot } = await makeBooking(request);
    const other = await otherDaySlot(request, slot.date);
    return [
      { ...example, path: { code }, body: { phone, slotId: other.id }, status: 200 },
      { ...example, path: { code }, body: { phone, slotId: slot.id, name: "换个人" }, status: 422 },
      { ...example, path: { code }, body: { phone: newPhone(), slotId: slot.id }, status: 404, code: "not_found" },
    ];
  },
  cancelBooking: async ({ request, example }) => {
    const { code, phone } = await makeBooking(request);
    return [
      { ...example, path: { code }, body: { phone }, status: 200 },
      // Cancelled already: the booking is closed.
      { ...example, path: { code }, body: { phone }, status: 409, code: "booking_closed" },
      { ...example, path: { code }, body: {}, status: 422, code: "invalid_input" },
    ];
  },
  joinWaitlist: async ({ request, example }) => {
    // The slot with the most seats left now (other tests here book seats meanwhile).
    const { service } = await liveData(request);
    const from = addDays(shanghaiToday(), 1);
    const { slots } = (await (
      await request.get(`/api/v1/availability?service=${service}&channel=window&from=${from}&to=${addDays(from, 30)}`)
    ).json()) as Live;
    const roomiest = slots.reduce((a, b) => (b.remaining > a.remaining ? b : a));
    expect(roomiest.remaining).toBeGreaterThan(0);
    const phone = newPhone();
    const body = {
      ...(example.body as Json),
      service,
      slotId: roomiest.id,
      phone,
      phoneCode: await requestPhoneCode(request, phone),
    };
    return [
      // The slot has seats left: book it instead (no waitlist entry is made on a shared slot).
      { ...example, body, status: 409, code: "slot_available" },
      { ...example, body: { ...body, slotId: "x" }, status: 422, code: "invalid_input" },
    ];
  },
  getQueue: async ({ example }) => [
    { ...example, query: {}, status: 200 },
    { ...example, query: { ticket: "Z999" }, status: 404, code: "not_found" },
    // A malformed number is ignored, not refused.
    { ...example, query: { ticket: "bad" }, status: 200 },
  ],
  listWindows: async ({ example }) => [
    { ...example, as: "clerk", status: 200 },
    { ...example, as: "display", status: 200 },
    { ...example, as: "anonymous", status: 401, code: "unauthorized" },
  ],
  issueTicket: async ({ example }) => [
    // The kiosk issues one walk-in ticket in queue C (the example), which nobody here calls.
    { ...example, as: "kiosk", status: 201 },
    { ...example, as: "kiosk", body: { queue: "a" }, status: 422, code: "invalid_input" },
    { ...example, as: "kiosk", body: { queue: "Z" }, status: 422, code: "invalid_input" },
    { ...example, as: "display", status: 403, code: "forbidden" },
    { ...example, as: "anonymous", status: 401, code: "unauthorized" },
  ],
  checkInBooking: async ({ request, example }) => {
    const { code } = await makeBooking(request);
    return [
      // A booking for a later day is refused: no ticket is made.
      { ...example, as: "kiosk", path: { code }, status: 409, code: "conflict" },
      { ...example, as: "kiosk", path: { code: "ZZZZZZ" }, status: 404, code: "not_found" },
      { ...example, as: "display", path: { code }, status: 403, code: "forbidden" },
      { ...example, as: "anonymous", path: { code }, status: 401, code: "unauthorized" },
    ];
  },
  callNext: async ({ request, playwright, baseURL, example }) => {
    const ids = await windowIds(request, playwright, baseURL);
    return [
      // clerk4 may call only for window 4; window 1 is another clerk's.
      { ...example, as: "clerk", path: { id: ids.get(1)! }, status: 403, code: "forbidden" },
      { ...example, as: "clerk", path: { id: "abc" }, status: 404, code: "not_found" },
      { ...example, as: "kiosk", path: { id: ids.get(4)! }, status: 403, code: "forbidden" },
      { ...example, as: "anonymous", path: { id: ids.get(4)! }, status: 401, code: "unauthorized" },
    ];
  },
  actOnTicket: async ({ example }) => [
    // A ticket id that is nobody's at window 4.
    { ...example, as: "clerk", path: { id: 2_000_000_000, action: "recall" }, status: 404, code: "not_found" },
    { ...example, as: "clerk", path: { id: 1, action: "explode" }, status: 404, code: "not_found" },
    { ...example, as: "clerk", path: { id: 1, action: "transfer" }, body: {}, status: 422, code: "invalid_input" },
    { ...example, as: "clerk", path: { id: 1, action: "call" }, body: { reason: "" }, status: 422 },
    { ...example, as: "kiosk", path: { id: 1, action: "recall" }, status: 403, code: "forbidden" },
    { ...example, as: "anonymous", path: { id: 1, action: "recall" }, status: 401, code: "unauthorized" },
  ],
  getDesk: async ({ example }) => [
    { ...example, as: "clerk", status: 200 },
    { ...example, as: "kiosk", status: 403, code: "forbidden" },
    { ...example, as: "anonymous", status: 401, code: "unauthorized" },
  ],
  takeInCase: async ({ example }) => {
    const body = { ...(example.body as Json), phone: newPhone() };
    return [
      // A walk-in: neither ticketId nor bookingCode.
      { ...example, body, status: 201 },
      { ...example, body: { ...body, materials: { received: [], missing: [] } }, status: 201 },
      { ...example, body: { ...body, notAcceptedReason: "不符合办理条件" }, status: 201 },
      { ...example, body: {}, status: 422, code: "invalid_input" },
      { ...example, body: { ...body, phone: "12345" }, status: 422, code: "invalid_input" },
      // "L" is not in the booking codes' alphabet.
      { ...example, body: { ...body, bookingCode: "LLLLLL" }, status: 422, code: "invalid_input" },
      { ...example, body: { ...body, materials: { received: ["不存在的材料"], missing: [] } }, status: 422 },
      { ...example, body: { ...body, service: "ZZZ-999" }, status: 404, code: "not_found" },
      { ...example, body: { ...body, ticketId: 2_000_000_000 }, status: 404, code: "not_found" },
      { ...example, body: { ...body, bookingCode: "ZZZZZZ" }, status: 404, code: "not_found" },
      { ...example, headers: { "content-type": "text/plain" }, body: "hello", status: 415 },
      { ...example, as: "backoffice", body, status: 403, code: "forbidden" },
      { ...example, as: "anonymous", body, status: 401, code: "unauthorized" },
    ];
  },
  listCases: async ({ request, playwright, baseURL, example }) => {
    const { caseNo } = await makeCase(request, playwright, baseURL);
    return [
      { ...example, as: "clerk", query: {}, status: 200 },
      { ...example, as: "clerk", query: { q: caseNo }, status: 200 },
      { ...example, as: "backoffice", query: { status: "accepted" }, status: 200 },
      { ...example, as: "manager", query: { due: "overdue" }, status: 200 },
      { ...example, as: "admin", query: { due: "soon", limit: "5" }, status: 200 },
      { ...example, as: "clerk", query: { status: "lost" }, status: 422, code: "invalid_input" },
      { ...example, as: "clerk", query: { limit: "0" }, status: 422, code: "invalid_input" },
      { ...example, as: "kiosk", query: {}, status: 403, code: "forbidden" },
      { ...example, as: "anonymous", query: {}, status: 401, code: "unauthorized" },
    ];
  },
  findCasesForPickup: async ({ request, playwright, baseURL, example }) => {
    const { caseNo, idNumber } = await makeCase(request, playwright, baseURL);
    return [
      { ...example, as: "clerk", query: { caseNo }, status: 200 },
      { ...example, as: "clerk", query: { idNumber }, status: 200 },
      { ...example, as: "clerk", query: {}, status: 422, code: "invalid_input" },
      { ...example, as: "clerk", query: { idNumber: "123" }, status: 422, code: "invalid_input" },
      { ...example, as: "backoffice", query: { caseNo }, status: 403, code: "forbidden" },
      { ...example, as: "anonymous", query: { caseNo }, status: 401, code: "unauthorized" },
    ];
  },
  getCase: async ({ request, playwright, baseURL, example }) => {
    const { caseNo } = await makeCase(request, playwright, baseURL);
    // An item of another department (医保): outside the back office's scope.
    const other = await makeCase(request, playwright, baseURL, { service: "YBJ-001", received: [] });
    return [
      { ...example, as: "clerk", path: { caseNo }, status: 200 },
      { ...example, as: "backoffice", path: { caseNo }, status: 200 },
      { ...example, as: "manager", path: { caseNo: caseNo.toLowerCase() }, status: 200 },
      { ...example, as: "backoffice", path: { caseNo: other.caseNo }, status: 404, code: "not_found" },
      { ...example, as: "clerk", path: { caseNo: unknownCaseNo(caseNo) }, status: 404, code: "not_found" },
      { ...example, as: "clerk", path: { caseNo: "not-a-case" }, status: 404, code: "not_found" },
      { ...example, as: "kiosk", path: { caseNo }, status: 403, code: "forbidden" },
      { ...example, as: "anonymous", path: { caseNo }, status: 401, code: "unauthorized" },
    ];
  },
  actOnCase: async ({ request, playwright, baseURL, example }) => {
    const promised = await makeCase(request, playwright, baseURL);
    const paused = await makeCase(request, playwright, baseURL, { received: ["居民身份证"] });
    expect(paused.status).toBe("needs_supplement");
    const instant = await makeCase(request, playwright, baseURL, { service: INSTANT });
    const at = (c: MadeCase, action: string) => ({ caseNo: c.caseNo, action });
    const none = { ...example, body: undefined };
    return [
      // A promised item, through the back office and back to the window.
      { ...none, as: "clerk", path: at(promised, "take"), status: 403, code: "forbidden" },
      { ...none, as: "backoffice", path: at(promised, "take"), status: 200 },
      { ...none, as: "backoffice", path: at(promised, "take"), status: 409, code: "case_state" },
      { ...none, as: "backoffice", path: at(promised, "ready"), status: 409, code: "case_state" },
      { ...none, as: "backoffice", path: at(promised, "decide"), body: { result: "maybe" }, status: 422 },
      {
        ...none,
        as: "clerk",
        path: at(promised, "decide"),
        body: { result: "approved", opinion: "符合条件" },
        status: 403,
        code: "forbidden",
      },
      {
        ...none,
        as: "backoffice",
        path: at(promised, "decide"),
        body: { result: "approved", opinion: "材料齐全，符合条件，准予办理" },
        status: 200,
      },
      { ...none, as: "backoffice", path: at(promised, "ready"), status: 200 },
      // Results are handed out at the window only.
      {
        ...none,
        as: "backoffice",
        path: at(promised, "deliver"),
        body: { idNumber: promised.idNumber },
        status: 403,
        code: "forbidden",
      },
      { ...none, as: "clerk", path: at(promised, "deliver"), body: {}, status: 422, code: "invalid_input" },
      {
        ...none,
        as: "clerk",
        path: at(promised, "deliver"),
        body: { idNumber: newIdNumber() },
        status: 422,
        code: "id_mismatch",
      },
      { ...none, as: "clerk", path: at(promised, "deliver"), body: { idNumber: promised.idNumber }, status: 200 },
      {
        ...none,
        as: "clerk",
        path: at(promised, "supplement-notice"),
        body: { missing: ["居民户口簿"], note: "补正" },
        status: 409,
        code: "case_state",
      },
      // Taken in without a required material: the one-time notice went out at intake.
      {
        ...none,
        as: "clerk",
        path: at(paused, "supplement-notice"),
        body: { missing: ["居民户口簿"], note: "再补一次" },
        status: 409,
        code: "supplement_once",
      },
      { ...none, as: "clerk", path: at(paused, "supplement-received"), status: 200 },
      // An instant item finished on the spot; a second finish is refused.
      { ...none, as: "clerk", path: at(instant, "finish"), body: { opinion: "当场办结" }, status: 200 },
      { ...none, as: "clerk", path: at(instant, "finish"), status: 409, code: "case_state" },
      { ...none, as: "clerk", path: at(instant, "explode"), status: 404, code: "not_found" },
      { ...none, as: "clerk", path: { caseNo: unknownCaseNo(instant.caseNo), action: "take" }, status: 404 },
      {
        ...none,
        as: "clerk",
        path: at(paused, "decide"),
        headers: { "content-type": "application/json" },
        body: "{not json",
        status: 400,
      },
      { ...none, as: "kiosk", path: at(paused, "take"), status: 403, code: "forbidden" },
      { ...none, as: "anonymous", path: at(paused, "take"), status: 401, code: "unauthorized" },
    ];
  },
  trackCase: async ({ request, playwright, baseURL, example }) => {
    const { caseNo, phone } = await makeCase(request, playwright, baseURL);
    return [
      { ...example, path: { caseNo }, query: { phone }, status: 200 },
      { ...example, path: { caseNo }, query: { phone: newPhone() }, status: 404, code: "not_found" },
      { ...example, path: { caseNo }, query: { phone: "not a phone" }, status: 404, code: "not_found" },
      { ...example, path: { caseNo: unknownCaseNo(caseNo) }, query: { phone }, status: 404, code: "not_found" },
    ];
  },
  getIntakeDraft: async ({ request, playwright, baseURL, example }) => {
    const id = await hallTicket(request, playwright, baseURL);
    return [
      { ...example, as: "clerk", path: { id }, status: 200 },
      { ...example, as: "clerk", path: { id: 2_000_000_000 }, status: 404, code: "not_found" },
      { ...example, as: "clerk", path: { id: "abc" }, status: 404, code: "not_found" },
      { ...example, as: "kiosk", path: { id }, status: 403, code: "forbidden" },
      { ...example, as: "anonymous", path: { id }, status: 401, code: "unauthorized" },
    ];
  },
  submitEvaluation: async ({ request, playwright, baseURL, example }) => {
    const { caseNo, phone } = await makeCase(request, playwright, baseURL);
    const poor = await makeCase(request, playwright, baseURL);
    return [
      { ...example, body: { caseNo, phone, level: 5 }, status: 201 },
      // One rating per case and stage.
      { ...example, body: { caseNo, phone, level: 4 }, status: 409, code: "already_rated" },
      { ...example, body: { caseNo: poor.caseNo, phone: poor.phone, level: 2 }, status: 422, code: "invalid_input" },
      {
        ...example,
        body: { caseNo: poor.caseNo, phone: poor.phone, level: 2, reasons: ["效率"], comment: "等候时间太长" },
        status: 201,
      },
      { ...example, body: { caseNo, phone: newPhone(), level: 5 }, status: 404, code: "not_found" },
      { ...example, body: { caseNo, token: "not-the-token", level: 5 }, status: 404, code: "not_found" },
      { ...example, body: { caseNo, phone, token: "x", level: 5 }, status: 422, code: "invalid_input" },
      { ...example, body: { caseNo, phone, level: 6 }, status: 422, code: "invalid_input" },
      { ...example, headers: { "content-type": "text/plain" }, body: "hello", status: 415 },
    ];
  },
  getPadState: async ({ example }) => [
    { ...example, as: "pad", status: 200 },
    { ...example, as: "clerk", status: 403, code: "forbidden" },
    { ...example, as: "anonymous", status: 401, code: "unauthorized" },
  ],
  submitPadEvaluation: async ({ request, playwright, baseURL, example }) => {
    // A waiting ticket is no finished visit at the pad's window: nothing to rate.
    const waiting = await hallTicket(request, playwright, baseURL);
    return [
      { ...example, as: "pad", body: { ticketId: waiting, level: 5 }, status: 404, code: "not_found" },
      { ...example, as: "pad", body: { ticketId: 2_000_000_000, level: 5 }, status: 404, code: "not_found" },
      { ...example, as: "pad", body: { ticketId: waiting, level: 1 }, status: 422, code: "invalid_input" },
      { ...example, as: "pad", body: { level: 5 }, status: 422, code: "invalid_input" },
      { ...example, as: "clerk", body: { ticketId: waiting, level: 5 }, status: 403, code: "forbidden" },
      { ...example, as: "anonymous", body: { ticketId: waiting, level: 5 }, status: 401, code: "unauthorized" },
    ];
  },
  listFollowUps: async ({ request, playwright, baseURL, example }) => {
    await poorlyRatedCase(request, playwright, baseURL);
    return [
      { ...example, as: "manager", query: {}, status: 200 },
      { ...example, as: "manager", query: { state: "open" }, status: 200 },
      { ...example, as: "admin", query: { state: "closed" }, status: 200 },
      { ...example, as: "manager", query: { state: "lost" }, status: 422, code: "invalid_input" },
      { ...example, as: "clerk", query: {}, status: 403, code: "forbidden" },
      { ...example, as: "anonymous", query: {}, status: 401, code: "unauthorized" },
    ];
  },
  closeFollowUp: async ({ request, playwright, baseURL, example }) => {
    const id = await poorlyRatedCase(request, playwright, baseURL);
    const body = example.body as Json;
    return [
      { ...example, as: "manager", path: { id }, body: { callbackNote: "x" }, status: 422, code: "invalid_input" },
      { ...example, as: "manager", path: { id }, body, status: 200 },
      { ...example, as: "manager", path: { id }, body, status: 409, code: "follow_up_closed" },
      { ...example, as: "manager", path: { id: 2_000_000_000 }, body, status: 404, code: "not_found" },
      { ...example, as: "manager", path: { id: "abc" }, body, status: 404, code: "not_found" },
      { ...example, as: "clerk", path: { id }, body, status: 403, code: "forbidden" },
      { ...example, as: "anonymous", path: { id }, body, status: 401, code: "unauthorized" },
    ];
  },
};

const reportFileCases =
  (path?: Call["path"]): CaseBuilder =>
  async ({ example }) => {
    const year = String(Number(shanghaiToday().slice(0, 4)) - 1);
    return [
      { ...example, as: "manager", path, query: { year }, status: 200 },
      { ...example, as: "admin", path, query: { from: `${year}-03-01`, to: `${year}-05-31` }, status: 200 },
      { ...example, as: "manager", path, query: { year: "1999" }, status: 400, code: "invalid_year" },
      {
        ...example,
        as: "manager",
        path,
        query: { from: `${year}-05-01`, to: `${year}-03-01` },
        status: 400,
        code: "invalid_range",
      },
      { ...example, as: "manager", path, query: { year, hall: "no-such-hall" }, status: 404, code: "not_found" },
      { ...example, as: "clerk", path, query: { year }, status: 403, code: "forbidden" },
      { ...example, as: "anonymous", path, query: { year }, status: 401, code: "unauthorized" },
    ];
  };
CASES.getReportWorkbook = reportFileCases();
CASES.getReportTableCsv = async (args) => [
  ...(await reportFileCases({ file: "months.csv" })(args)),
  {
    ...args.example,
    as: "manager",
    path: { file: "nothing.csv" },
    query: { year: "2025" },
    status: 404,
    code: "not_found",
  },
];

/** An account of this spec's own, made by the demo admin: what the admin's account operations act on. */
async function freshAccount({ request, playwright, baseURL }: Parameters<CaseBuilder>[0]) {
  const admin = await contextFor(playwright, baseURL, request, "admin");
  const password = `openapi-pass-${randomInt(0, 1_000_000)}`;
  const response = await admin.post("/api/v1/admin/staff", {
    data: { username: `openapi-${randomInt(0, 1_000_000_000)}`, displayName: "接口测试", role: "manager", password },
  });
  expect(response.status(), await response.text()).toBe(201);
  return { ...((await response.json()) as { id: number; username: string }), password, admin };
}

CASES.updateStaffAccount = async (args) => {
  const { id } = await freshAccount(args);
  return [
    { ...args.example, path: { id }, body: { displayName: "改名测试" }, status: 200 },
    { ...args.example, path: { id }, body: {}, status: 422, code: "invalid_input" },
    { ...args.example, path: { id }, body: { role: "clerk" }, status: 422, code: "invalid_input" },
    { ...args.example, path: { id: 999_999_999 }, body: { displayName: "x" }, status: 404, code: "not_found" },
    { ...args.example, path: { id }, as: "anonymous", status: 401 },
  ];
};
CASES.resetStaffPassword = async (args) => {
  const { id } = await freshAccount(args);
  return [
    { ...args.example, path: { id }, status: 200 },
    { ...args.example, path: { id: 999_999_999 }, status: 404, code: "not_found" },
    { ...args.example, path: { id }, as: "manager", status: 403 },
  ];
};
CASES.reactivateStaffAccount = async (args) => {
  const { id, admin } = await freshAccount(args);
  expect((await admin.post(`/api/v1/admin/staff/${id}/deactivate`)).status()).toBe(200);
  return [
    { ...args.example, path: { id }, status: 200 },
    { ...args.example, path: { id }, status: 409, code: "conflict" },
    { ...args.example, path: { id: 999_999_999 }, status: 404, code: "not_found" },
  ];
};
// The admin's one-click operations act on a fresh account too: with the example id (1, the demo
// admin) revoking sessions would sign out every spec's demo admin mid-run.
for (const operationId of ["revokeStaffSessions", "unlockStaffSignIn", "deactivateStaffAccount"])
  CASES[operationId] = async (args) => {
    const { id } = await freshAccount(args);
    return [
      { ...args.example, path: { id }, status: 200 },
      { ...args.example, path: { id: 999_999_999 }, status: 404, code: "not_found" },
      { ...args.example, path: { id }, as: "anonymous", status: 401 },
    ];
  };
CASES.listStaffSessions = async ({ example }) => [
  { ...example, status: 200 },
  { ...example, query: { kind: "devices" }, status: 200 },
  { ...example, query: { kind: "robots" }, status: 422, code: "invalid_input" },
  { ...example, as: "anonymous", status: 401 },
];
CASES.endStaffSession = async (args) => {
  const { username, password, admin } = await freshAccount(args);
  const person = await args.playwright.request.newContext(sameOrigin(args.baseURL));
  const { csrfToken } = (await (await person.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await person.post("/api/auth/callback/credentials", { form: { username, password, csrfToken, json: "true" } });
  await person.dispose();
  const { sessions } = (await (await admin.get("/api/v1/admin/sessions")).json()) as {
    sessions: { id: string; username: string }[];
  };
  const id = sessions.find((s) => s.username === username)?.id;
  expect(id, `a session of ${username}`).toBeTruthy();
  return [
    { ...args.example, path: { id: id! }, status: 200 },
    { ...args.example, path: { id: id! }, status: 404, code: "not_found" },
    { ...args.example, path: { id: "not-a-session" }, status: 404, code: "not_found" },
  ];
};
CASES.listAuditEntries = async ({ example }) => [
  { ...example, status: 200 },
  { ...example, query: { action: "login", from: shanghaiToday(), to: shanghaiToday() }, status: 200 },
  { ...example, query: { from: "2026-13-01" }, status: 422, code: "invalid_input" },
  { ...example, query: { from: shanghaiToday(), to: "2020-01-01" }, status: 422, code: "invalid_input" },
  { ...example, as: "anonymous", status: 401 },
];
CASES.exportAuditEntries = async ({ example }) => [
  { ...example, query: { from: shanghaiToday() }, status: 200 },
  { ...example, query: { to: "yesterday" }, status: 422, code: "invalid_input" },
  { ...example, as: "anonymous", status: 401 },
];

// The village day (issue #15): a visit of the demo hall, taken along and synced by the demo clerk.
async function villageVisitDay(ctx: Parameters<CaseBuilder>[0]) {
  const clerk = await contextFor(ctx.playwright, ctx.baseURL, ctx.request, "clerk");
  const { visits } = (await (await clerk.get("/api/v1/village/visits")).json()) as { visits: { id: number }[] };
  expect(visits.length).toBeGreaterThan(0);
  const day = (await (await clerk.get(`/api/v1/village/visits/${visits[0].id}`)).json()) as {
    items: { code: string; materials: { name: string }[] }[];
  };
  return { visitId: visits[0].id, item: day.items[0] };
}
CASES.listVillageVisits = async ({ example }) => [
  { ...example, status: 200 },
  { ...example, as: "backoffice", status: 403, code: "forbidden" },
  { ...example, as: "anonymous", status: 401 },
];
CASES.getVillageDay = async (ctx) => {
  const { visitId } = await villageVisitDay(ctx);
  return [
    { ...ctx.example, path: { id: visitId }, status: 200 },
    { ...ctx.example, path: { id: 999_999_999 }, status: 404, code: "not_found" },
    { ...ctx.example, path: { id: "abc" }, status: 422, code: "invalid_input" },
    { ...ctx.example, path: { id: visitId }, as: "anonymous", status: 401 },
  ];
};
CASES.syncVillageRecord = async (ctx) => {
  const { visitId, item } = await villageVisitDay(ctx);
  const body = {
    id: crypto.randomUUID(),
    visitId,
    madeAt: new Date().toISOString(),
    kind: "case",
    service: item.code,
    name: "接口村民",
    phone: newPhone(),
    materials: { received: item.materials.map((m) => m.name), missing: [] },
  };
  return [
    { ...ctx.example, body, status: 200 },
    // The same record again (a sync whose answer was lost): the first answer, nothing new.
    { ...ctx.example, body, status: 200 },
    { ...ctx.example, body: { ...body, name: "另一个人" }, status: 422, code: "idempotency_mismatch" },
    { ...ctx.example, body: { ...body, id: crypto.randomUUID(), idNumber: "330185195001011230" }, status: 422 },
    { ...ctx.example, body: { ...body, id: crypto.randomUUID(), visitId: 999_999_999 }, status: 404 },
    { ...ctx.example, body: { ...body, kind: "nothing" }, status: 422, code: "invalid_input" },
    { ...ctx.example, body, as: "anonymous", status: 401 },
  ];
};

/** Operations without a case: the example request, and without a session when staff-only. */
const fallback: CaseBuilder = async ({ example }) => [
  example,
  ...(example.as !== "anonymous" ? [{ ...example, as: "anonymous", status: 401 }] : []),
];

test("the served document lists exactly the registry's operations", async ({ request }) => {
  const document = await served(request);
  const documented = Object.entries(document.paths as Record<string, Record<string, DocOperation>>)
    .flatMap(([, ops]) => Object.values(ops).map((op) => op.operationId))
    .sort();
  expect(documented).toEqual(operations.map((op) => op.operationId).sort());
});

for (const op of operations) {
  if (op.operationId === "streamQueue") continue;
  test(`${op.method.toUpperCase()} ${op.path} answers as documented`, async ({ request, playwright, baseURL }) => {
    const doc = docOperation(await served(request), op);
    const example = exampleCall(doc);
    const calls = await (CASES[op.operationId] ?? fallback)({ request, playwright, baseURL: baseURL!, example });
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls)
      await expectDocumented(doc, op, await send(playwright, baseURL!, request, op, call), call);
  });
}

// The stream never ends: read its first event with fetch and stop. A Last-Event-ID that is not a
// number is ignored (the stream starts from now), so there is no invalid request to send.
test("GET /api/v1/queue/stream answers as documented", async ({ request, baseURL }) => {
  const op = operations.find((o) => o.operationId === "streamQueue")!;
  const doc = docOperation(await served(request), op);
  for (const lastEventId of ["0", "not-a-number"]) {
    const abort = new AbortController();
    const response = await fetch(`${baseURL}${op.path}`, {
      headers: { "Last-Event-ID": lastEventId },
      signal: abort.signal,
    });
    try {
      expect(Object.keys(doc.responses)).toContain(String(response.status));
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/event-stream");
      const reader = response.body!.getReader();
      let text = "";
      while (!/event: state\ndata: .*\n/.test(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      const data = /event: state\ndata: (.*)\n/.exec(text)?.[1];
      expect(data, text).toBeTruthy();
      expect(queueStateSchema.safeParse(JSON.parse(data!)).success).toBe(true);
    } finally {
      abort.abort();
    }
  }
});
