import { beforeAll, describe, expect, it, vi } from "vitest";
import { as } from "../support/request-actor";
import type { StaffRole } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";

// The queue's invariants as the kiosk and the desk meet them over HTTP: answers are problem JSON
// with a Chinese message, never a 500. The signed-in actor comes from the request's async context,
// so that parallel requests can act as different people.
vi.mock("@/lib/auth/session", () => import("../support/request-actor").then((m) => m.sessionStandIn));

const { POST: issueRoute } = await import("@/app/api/v1/tickets/route");
const { POST: actionRoute } = await import("@/app/api/v1/tickets/[id]/[action]/route");
const { POST: callNextRoute } = await import("@/app/api/v1/windows/[id]/call-next/route");
const { env } = await import("@/lib/env");
const { getDb } = await import("@/db/client");
const { queues, windowQueues, windows } = await import("@/db/schema");
const { createStaff, testHallId } = await import("../support/fixtures");

const post = (body: unknown) =>
  new Request("http://hall/x", {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json" },
  });
const params = <P>(p: P) => ({ params: Promise.resolve(p) });
const none = undefined as never;

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status, await response.clone().text()).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  const body = await response.json();
  expect(body.code).toBe(code);
  expect(body.message).toMatch(/[\u4e00-\u9fff]/);
}

// A window and two queues of this file's own: on PostgreSQL the test files share one database,
// and other files call the demo hall's windows and queues meanwhile. Free prefixes and numbers are
// found by trying (the admin tests take theirs from the other end).
let clerk: Actor;
let kiosk: Actor;
let from: string;
let to: string;

async function actorOf(role: StaffRole, windowId: number | null): Promise<Actor> {
  const staff = await createStaff({ role, windowId });
  return {
    id: staff.id,
    username: staff.username,
    name: "测试",
    role,
    hallId: await testHallId(),
    departmentId: null,
    windowId,
  };
}

beforeAll(async () => {
  const db = await getDb();
  const hallId = await testHallId();
  const own: { id: number; prefix: string }[] = [];
  for (const prefix of "DEFGHIJKLMNOPQRSTUVWXYZ") {
    const [row] = await db
      .insert(queues)
      .values({ hallId, prefix, name: "测试队列", dailyCap: 999 })
      .onConflictDoNothing()
      .returning({ id: queues.id, prefix: queues.prefix });
    if (row) own.push(row);
    if (own.length === 2) break;
  }
  [from, to] = own.map((q) => q.prefix);
  let windowId: number | null = null;
  for (let number = 50; number < 96 && !windowId; number++) {
    const [row] = await db
      .insert(windows)
      .values({ hallId, number, name: "测试窗口" })
      .onConflictDoNothing()
      .returning({ id: windows.id });
    windowId = row?.id ?? null;
  }
  await db.insert(windowQueues).values(own.map((q) => ({ windowId: windowId!, queueId: q.id })));
  clerk = await actorOf("clerk", windowId);
  kiosk = await actorOf("kiosk", null);
});

describe("the queue over HTTP", () => {
  it("answers a kiosk over its tickets per minute with 429 rate_limited and Retry-After", async () => {
    const limit = env().KIOSK_TICKETS_PER_MINUTE;
    // The limit counts per clock minute: do not start right before one ends.
    const second = new Date().getSeconds();
    if (second > 45) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
    for (let i = 0; i < limit; i++)
      expect((await as(kiosk, () => issueRoute(post({ queue: from }), none))).status).toBe(201);
    const refused = await as(kiosk, () => issueRoute(post({ queue: from }), none));
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    await expectProblem(refused, 429, "rate_limited");
  });

  it("transfers a called ticket to another queue (not a 500) and answers a double call-next with one ticket and a 409", async () => {
    const windowId = String(clerk.windowId);
    const issue = async (queue: string) =>
      expect((await as(clerk, () => issueRoute(post({ queue }), none))).status).toBe(201);
    // The target queue already has the number the transferred ticket carries (seq 1).
    await issue(from);
    await issue(to);
    const called = await as(clerk, () => callNextRoute(post({}), params({ id: windowId })));
    expect(called.status).toBe(200);
    const { ticket } = await called.json();
    const moved = await as(clerk, () =>
      actionRoute(post({ queue: to }), params({ id: String(ticket.id), action: "transfer" })),
    );
    expect(moved.status, await moved.clone().text()).toBe(200);
    expect((await moved.json()).ticket).toMatchObject({ status: "waiting", queue: to, number: ticket.number });

    const both = await Promise.all([
      as(clerk, () => callNextRoute(post({}), params({ id: windowId }))),
      as(clerk, () => callNextRoute(post({}), params({ id: windowId }))),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    await expectProblem(
      both.find((r) => r.status === 409)!,
      409,
      "conflict",
    );
  });
});
