import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { DEMO_PASSWORD, expect, signInApi, test, type Account, type StaffRoleName } from "./fixtures";

// Every role against every surface, driven by the route tree. The spec walks every `route.ts`
// under app/api and every `page.tsx` under app/(staff), app/kiosk, app/display and app/rate at test time,
// looks each (method, path) up in RULES and fails for any that has no rule: a new route or page
// must say who may use it before the suite passes again.
//
// API: an allowed role gets neither 401/403 nor a 5xx (a 4xx validation or not-found answer to
// an empty body is fine); a refused one gets 401 (anonymous) or 403. Pages: an allowed role is
// not sent to /login or /forbidden and gets no 5xx; a refused one is redirected there.

const ROLES = [
  "clerk",
  "backoffice",
  "manager",
  "admin",
  "district",
  "kiosk",
  "display",
  "pad",
] as const satisfies StaffRoleName[];
type Who = "anonymous" | StaffRoleName;
const EVERYONE: Who[] = ["anonymous", ...ROLES];

/** Open to everyone, signed in or not. */
const PUBLIC = "public" as const;
/** Every signed-in role; anonymous is sent to sign in. */
const STAFF = "staff" as const;
type Rule = typeof PUBLIC | typeof STAFF | StaffRoleName[];

/** `METHOD /path` for API routes, `PAGE /path` for pages, as in the file tree (route groups dropped). */
const RULES: Record<string, Rule> = {
  "GET /api/[...rest]": PUBLIC,
  "POST /api/[...rest]": PUBLIC,
  "PUT /api/[...rest]": PUBLIC,
  "PATCH /api/[...rest]": PUBLIC,
  "DELETE /api/[...rest]": PUBLIC,
  "GET /api/auth/[...nextauth]": PUBLIC,
  "POST /api/auth/[...nextauth]": PUBLIC,
  "GET /api/health": PUBLIC,
  "GET /api/v1/admin/catalogue.xlsx": ["admin"],
  "POST /api/v1/admin/catalogue.xlsx": ["admin"],
  "GET /api/v1/admin/items": ["admin"],
  "GET /api/v1/admin/items/[code]": ["admin"],
  "PUT /api/v1/admin/items/[code]": ["admin"],
  "POST /api/v1/admin/items/[code]/deactivate": ["admin"],
  "POST /api/v1/admin/items/[code]/reactivate": ["admin"],
  "GET /api/v1/admin/audit": ["admin"],
  "GET /api/v1/admin/audit.csv": ["admin"],
  "POST /api/v1/admin/queues": ["admin"],
  "GET /api/v1/admin/sessions": ["admin"],
  "POST /api/v1/admin/sessions/[id]/end": ["admin"],
  "POST /api/v1/admin/staff": ["admin"],
  "PATCH /api/v1/admin/staff/[id]": ["admin"],
  "POST /api/v1/admin/staff/[id]/deactivate": ["admin"],
  "POST /api/v1/admin/staff/[id]/reactivate": ["admin"],
  "POST /api/v1/admin/staff/[id]/reset-password": ["admin"],
  "POST /api/v1/admin/staff/[id]/revoke-sessions": ["admin"],
  "POST /api/v1/admin/staff/[id]/unlock-sign-in": ["admin"],
  "POST /api/v1/admin/windows": ["admin"],
  "PATCH /api/v1/admin/windows/[id]": ["admin"],
  "PATCH /api/v1/admin/queues/[id]": ["admin"],
  "PUT /api/v1/admin/display-notice": ["admin"],
  "PUT /api/v1/admin/calendar/hours": ["admin"],
  "PUT /api/v1/admin/calendar/weekend-posts/[weekday]": ["admin"],
  "PUT /api/v1/admin/calendar/village-rotation": ["admin"],
  "PUT /api/v1/admin/calendar/overrides/[date]": ["admin"],
  "DELETE /api/v1/admin/calendar/overrides/[date]": ["admin"],
  "GET /api/v1/availability": PUBLIC,
  "POST /api/v1/bookings": PUBLIC,
  "GET /api/v1/bookings/[code]": PUBLIC,
  "POST /api/v1/bookings/[code]/cancel": PUBLIC,
  "POST /api/v1/bookings/[code]/check-in": ["kiosk", "clerk"],
  "POST /api/v1/bookings/[code]/reschedule": PUBLIC,
  "GET /api/v1/cases": ["clerk", "backoffice", "manager", "admin"],
  "POST /api/v1/cases": ["clerk"],
  "GET /api/v1/cases/pickup": ["clerk"],
  "GET /api/v1/cases/[caseNo]": ["clerk", "backoffice", "manager", "admin"],
  "POST /api/v1/cases/[caseNo]/[action]": ["clerk", "backoffice"],
  "GET /api/v1/cases/[caseNo]/track": PUBLIC,
  "GET /api/v1/desk": ["clerk"],
  "POST /api/v1/evaluations": PUBLIC,
  // The district reads every hall's follow-ups; closing one is the hall's.
  "GET /api/v1/follow-ups": ["manager", "admin", "district"],
  "GET /api/v1/reports/yearly": ["manager", "admin", "district"],
  "GET /api/v1/reports/yearly.xlsx": ["manager", "admin", "district"],
  "GET /api/v1/reports/tables/[file]": ["manager", "admin", "district"],
  "POST /api/v1/follow-ups/[id]/close": ["manager", "admin"],
  "GET /api/v1/openapi.json": PUBLIC,
  "GET /api/v1/pad": ["pad"],
  "POST /api/v1/pad/evaluations": ["pad"],
  "GET /api/v1/queue": PUBLIC,
  "GET /api/v1/queue/stream": PUBLIC,
  "GET /api/v1/services": PUBLIC,
  "GET /api/v1/services/[code]": PUBLIC,
  "POST /api/v1/tickets": ["kiosk", "clerk"],
  "POST /api/v1/tickets/[id]/[action]": ["clerk"],
  "GET /api/v1/tickets/[id]/intake": ["clerk"],
  "POST /api/v1/waitlist": PUBLIC,
  "POST /api/v1/phone-codes": PUBLIC,
  // The rating pad sits on one window and has no use for the hall's list of windows.
  "GET /api/v1/windows": ["clerk", "kiosk", "display", "manager", "admin", "backoffice"],
  "POST /api/v1/windows/[id]/call-next": ["clerk"],
  // The village day (issue #15): the hall's clerks take it along and sync it.
  "GET /api/v1/village/visits": ["clerk"],
  "GET /api/v1/village/visits/[id]": ["clerk"],
  "POST /api/v1/village/records": ["clerk"],
  "PAGE /account/password": STAFF,
  "PAGE /admin": ["admin"],
  "PAGE /admin/audit": ["admin"],
  "PAGE /admin/calendar": ["admin"],
  "PAGE /admin/items": ["admin"],
  "PAGE /admin/items/[code]": ["admin"],
  "PAGE /admin/devices": ["admin"],
  "PAGE /admin/calendar/villages": ["admin"],
  "PAGE /admin/windows": ["admin"],
  "PAGE /admin/outbox": ["admin"],
  "PAGE /admin/staff": ["admin"],
  "PAGE /admin/staff/[id]": ["admin"],
  "PAGE /backoffice": ["backoffice"],
  "PAGE /backoffice/cases/[caseNo]": ["backoffice"],
  "PAGE /district": ["district"],
  "PAGE /forbidden": PUBLIC,
  "PAGE /login": PUBLIC,
  "PAGE /reports": ["manager", "admin", "district"],
  "PAGE /reports/follow-ups": ["manager", "admin", "district"],
  "PAGE /reports/print": ["manager", "admin", "district"],
  "PAGE /staff": STAFF,
  "PAGE /window": ["clerk"],
  "PAGE /village": ["clerk"],
  "PAGE /window/print/[caseNo]/[doc]": ["clerk", "backoffice"],
  "PAGE /display": ["display"],
  "PAGE /kiosk": ["kiosk"],
  "PAGE /rate": ["pad"],
};

const APP = path.join(process.cwd(), "app");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function walk(dir: string, file: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full, file);
    return entry.name === file ? [full] : [];
  });
}

/** app/(staff)/admin/page.tsx → /admin; app/api/v1/desk/route.ts → /api/v1/desk. */
function urlPattern(file: string): string {
  const segments = path
    .relative(APP, path.dirname(file))
    .split(path.sep)
    .filter((s) => s && !/^\(.*\)$/.test(s));
  return `/${segments.join("/")}`;
}

/** The HTTP methods a route file exports (`export const GET`, `export async function POST`, `export { x as GET }`). */
function exportedMethods(file: string): string[] {
  const source = readFileSync(file, "utf8");
  return METHODS.filter((m) =>
    new RegExp(`export\\s+(const|let|async\\s+function|function)\\s+${m}\\b|\\bas\\s+${m}\\b`).test(source),
  );
}

interface Surface {
  key: string;
  kind: "api" | "page";
  method: string;
  pattern: string;
}

function surfaces(): Surface[] {
  const api = walk(path.join(APP, "api"), "route.ts").flatMap((file) =>
    exportedMethods(file).map((method) => {
      const pattern = urlPattern(file);
      return { key: `${method} ${pattern}`, kind: "api" as const, method, pattern };
    }),
  );
  const pages = ["(staff)", "kiosk", "display", "rate"].flatMap((dir) =>
    walk(path.join(APP, dir), "page.tsx").map((file) => {
      const pattern = urlPattern(file);
      return { key: `PAGE ${pattern}`, kind: "page" as const, method: "GET", pattern };
    }),
  );
  return [...api, ...pages].sort((a, b) => a.pattern.localeCompare(b.pattern) || a.key.localeCompare(b.key));
}

function allowedFor(rule: Rule): Who[] {
  if (rule === PUBLIC) return EVERYONE;
  if (rule === STAFF) return [...ROLES];
  return rule;
}

interface Sample {
  /** The clerk's own window, so that "call next" is allowed for it (and calls its empty queue). */
  windowId: number;
}

/** A concrete URL for a pattern: dynamic segments get a sample value. */
function sampleUrl(pattern: string, sample: Sample): string {
  return pattern
    .replace("/windows/[id]", `/windows/${sample.windowId}`)
    .replace("/services/[code]", "/services/YBJ-001")
    .replace("[...nextauth]", "session")
    .replace("[...rest]", "no-such-endpoint")
    .replace("[code]", "ZZZZZZ")
    .replace("[caseNo]", "QC2026999999")
    .replace("[doc]", "receipt")
    .replace("[id]", "999999999")
    .replace("[action]", "recall");
}

/** Cookies of a signed-in request context, as one header. */
async function cookieHeader(account: Account | null, request: Parameters<typeof signInApi>[0]) {
  if (!account) return "";
  await signInApi(request, account.username, account.password);
  const { cookies } = await request.storageState();
  return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

/**
 * One request, headers only (the queue stream never ends): fetch with redirects left as they are.
 * Pages that redirect elsewhere are followed a few hops, as a browser would, to see where they land.
 */
async function probe(baseURL: string, surface: Surface, url: string, cookie: string) {
  const init: RequestInit = {
    method: surface.method,
    redirect: "manual",
    headers: {
      cookie,
      ...(surface.method === "GET" ? {} : { "content-type": "application/json", origin: baseURL }),
      accept: surface.kind === "page" ? "text/html" : "application/json",
    },
    ...(surface.method === "GET" ? {} : { body: "{}" }),
  };
  let response = await fetch(new URL(url, baseURL), init);
  const hops: string[] = [];
  for (let i = 0; surface.kind === "page" && i < 4 && response.status >= 300 && response.status < 400; i++) {
    const location = response.headers.get("location") ?? "";
    const next = new URL(location, baseURL);
    hops.push(next.pathname);
    if (next.pathname === "/login" || next.pathname === "/forbidden") break;
    await response.body?.cancel();
    response = await fetch(next, { ...init, method: "GET", body: undefined });
  }
  if (response.headers.get("content-type")?.includes("text/event-stream") && response.body) {
    // Read up to the first event before hanging up: the queue stream subscribes after its headers
    // are sent, and a client that cancels earlier leaves it subscribed (a leak in the stream's
    // start(), reported to the lead). Every TV that reconnects quickly can do the same.
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!text.includes("data:")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    await reader.cancel();
  } else await response.body?.cancel();
  return { status: response.status, hops };
}

test.describe.configure({ mode: "parallel" });

test("every API route and staff page has a rule, and every rule a route", async () => {
  const found = surfaces();
  const missing = found.filter((s) => !(s.key in RULES)).map((s) => s.key);
  expect(missing, "routes without a rule in authorization.spec.ts RULES").toEqual([]);
  const stale = Object.keys(RULES).filter((key) => !found.some((s) => s.key === key));
  expect(stale, "rules for routes that no longer exist").toEqual([]);
  const lines = found.map((s) => {
    const rule = RULES[s.key];
    const who = rule === PUBLIC ? "public" : rule === STAFF ? "any staff" : rule.join(", ");
    return `${s.key.padEnd(48)} ${who}`;
  });
  const table = `Authorization: ${found.length} routes and pages × ${EVERYONE.length} callers\n${lines.join("\n")}`;
  console.log(table);
  await test.info().attach("authorization-table.txt", { body: table, contentType: "text/plain" });
});

for (const who of EVERYONE) {
  test(`${who}: allowed where the rules say, refused everywhere else`, async ({ builder, playwright, baseURL }) => {
    test.setTimeout(180_000);
    let account: Account | null = null;
    let windowId = 999;
    if (who === "clerk" || who === "pad") {
      const queue = await builder.queue();
      const window = await builder.window([queue.prefix]);
      windowId = window.id;
      account = await builder.account(who, { windowId });
    } else if (who === "district") {
      // No hall's admin may open a district account: the demo's own is the one there is.
      account = { id: 0, username: "district", password: DEMO_PASSWORD, role: "district", windowId: null };
    } else if (who !== "anonymous") account = await builder.account(who);
    const request = await playwright.request.newContext({ baseURL });
    const cookie = await cookieHeader(account, request);
    await request.dispose();

    const failures: string[] = [];
    for (const surface of surfaces()) {
      const rule = RULES[surface.key];
      if (!rule) {
        failures.push(`${surface.key}: no rule`);
        continue;
      }
      const isAllowed = allowedFor(rule).includes(who);
      const url = sampleUrl(surface.pattern, { windowId });
      const { status, hops } = await probe(baseURL!, surface, url, cookie);
      const landed = hops.at(-1);
      let problem: string | null = null;
      if (status >= 500) problem = `answered ${status}`;
      else if (surface.kind === "api") {
        if (isAllowed && (status === 401 || status === 403)) problem = `allowed but answered ${status}`;
        if (!isAllowed && status !== (who === "anonymous" ? 401 : 403)) problem = `refused but answered ${status}`;
      } else {
        const refusedTo = who === "anonymous" ? "/login" : "/forbidden";
        const isPublicPage = rule === PUBLIC;
        if (isAllowed && !isPublicPage && (landed === "/login" || landed === "/forbidden"))
          problem = `allowed but sent to ${landed}`;
        if (!isAllowed && landed !== refusedTo) problem = `refused but landed on ${landed ?? url} (${status})`;
      }
      if (problem) failures.push(`${surface.key} (${url}) as ${who}: ${problem}`);
    }
    expect(failures).toEqual([]);
  });
}
