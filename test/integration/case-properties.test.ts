import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { as } from "../support/request-actor";
import type { Actor } from "@/lib/auth/actor";

// The case, rating and follow-up endpoints under generated input: never a 5xx, and every 4xx is
// problem JSON with a code. Staff endpoints read the signed-in actor through requireRole; here it
// comes from the request's async context, so that parallel requests can act as different people.
vi.mock("@/lib/auth/session", () => import("../support/request-actor").then((m) => m.sessionStandIn));

const { POST: caseAction } = await import("@/app/api/v1/cases/[caseNo]/[action]/route");
const { GET: getCaseRoute } = await import("@/app/api/v1/cases/[caseNo]/route");
const { GET: trackRoute } = await import("@/app/api/v1/cases/[caseNo]/track/route");
const { GET: pickupRoute } = await import("@/app/api/v1/cases/pickup/route");
const { GET: listRoute, POST: intakeRoute } = await import("@/app/api/v1/cases/route");
const { POST: evaluationRoute } = await import("@/app/api/v1/evaluations/route");
const { POST: closeRoute } = await import("@/app/api/v1/follow-ups/[id]/close/route");
const { GET: followUpsRoute } = await import("@/app/api/v1/follow-ups/route");
const { POST: padEvaluationRoute } = await import("@/app/api/v1/pad/evaluations/route");
const { GET: padRoute } = await import("@/app/api/v1/pad/route");
const { GET: intakeDraftRoute } = await import("@/app/api/v1/tickets/[id]/intake/route");
const { backofficeFor, intakeBody, itemOf } = await import("../support/case-fixtures");
const { actorFor } = await import("../support/fixtures");

const none = undefined as never;
let clerk: Actor;
let backoffice: Actor;
let manager: Actor;
let pad: Actor;
let instant: Awaited<ReturnType<typeof itemOf>>;
let promised: Awaited<ReturnType<typeof itemOf>>;

beforeAll(async () => {
  clerk = await actorFor("clerk", 2);
  manager = await actorFor("manager");
  pad = await actorFor("pad", 2);
  instant = await itemOf("instant");
  promised = await itemOf("promised", 5);
  backoffice = await backofficeFor(promised.departmentId);
});

const post = (body: unknown) =>
  new Request("http://hall/x", {
    method: "POST",
    body: typeof body === "string" ? body : (JSON.stringify(body) ?? "null"),
    headers: { "content-type": "application/json" },
  });
const params = <P>(p: P) => ({ params: Promise.resolve(p) });

async function expectProblemOrSuccess(response: Response) {
  expect(response.status, await response.clone().text()).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const body = await response.json();
    expect(typeof body.code).toBe("string");
    expect(body.message).toMatch(/[\u4e00-\u9fff]/);
  }
  return response;
}

const weird = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom("", " ", "0", "-1", "1e309", "NaN", "'; drop table cases; --", "\u0000", "张三".repeat(30)),
);
const phone = fc.oneof(fc.stringMatching(/^1[3-9]\d{9}$/), weird);
const names = fc.oneof(fc.array(fc.oneof(fc.string({ maxLength: 12 }), weird), { maxLength: 4 }), weird);

describe("the case API over HTTP", () => {
  it("takes in a case (201) and answers it with the same CaseView as the domain", async () => {
    const response = await as(clerk, () => intakeRoute(post(intakeBody(promised)), none));
    expect(response.status).toBe(201);
    const taken = await response.json();
    // The channel of a walk-in depends on the day (a Saturday is the weekend post's): cases.test pins the clock for it.
    expect(taken).toMatchObject({ status: "accepted", source: "walk_in" });
    const read = await as(backoffice, () =>
      getCaseRoute(new Request("http://hall/x"), params({ caseNo: taken.caseNo })),
    );
    expect(read.status).toBe(200);
    expect((await read.json()).caseNo).toBe(taken.caseNo);
  });

  it("gives two back-office users deciding one case one 200 and one 409", async () => {
    const taken = await (await as(clerk, () => intakeRoute(post(intakeBody(promised)), none))).json();
    const colleague = await backofficeFor(promised.departmentId);
    const decide = (actor: Actor, result: string) =>
      as(actor, () =>
        caseAction(post({ result, opinion: "经审核" }), params({ caseNo: taken.caseNo, action: "decide" })),
      );
    const statuses = (await Promise.all([decide(backoffice, "approved"), decide(colleague, "rejected")])).map(
      (r) => r.status,
    );
    expect(statuses.sort()).toEqual([200, 409]);
  });

  it("lets a device reach nothing but its own screen", async () => {
    const taken = await (await as(clerk, () => intakeRoute(post(intakeBody(instant)), none))).json();
    for (const role of ["pad", "kiosk", "display"] as const) {
      const device = role === "pad" ? pad : await actorFor(role);
      const answers = await as(device, async () => [
        await intakeRoute(post(intakeBody(instant)), none),
        await listRoute(new Request("http://hall/x"), none),
        await getCaseRoute(new Request("http://hall/x"), params({ caseNo: taken.caseNo })),
        await caseAction(post({}), params({ caseNo: taken.caseNo, action: "finish" })),
        await pickupRoute(new Request(`http://hall/x?caseNo=${taken.caseNo}`), none),
        await intakeDraftRoute(new Request("http://hall/x"), params({ id: "1" })),
        await followUpsRoute(new Request("http://hall/x"), none),
        await closeRoute(post({ callbackNote: "回访", change: "整改" }), params({ id: "1" })),
      ]);
      expect(
        answers.map((r) => r.status),
        role,
      ).toEqual(answers.map(() => 403));
      const own = await as(device, () => padRoute(new Request("http://hall/x"), none));
      expect(own.status, role).toBe(role === "pad" ? 200 : 403);
    }
    const anonymous = await as(null, () => listRoute(new Request("http://hall/x"), none));
    expect(anonymous.status).toBe(401);
  });

  it("tracks publicly with the right phone only", async () => {
    const body = intakeBody(promised);
    const taken = await (await as(clerk, () => intakeRoute(post(body), none))).json();
    const track = (p: string) =>
      as(null, () =>
        trackRoute(new Request(`http://hall/x?phone=${encodeURIComponent(p)}`), params({ caseNo: taken.caseNo })),
      );
    expect((await track(body.phone)).status).toBe(200);
    expect((await expectProblemOrSuccess(await track("13900000000"))).status).toBe(404);
    expect((await expectProblemOrSuccess(await track("abc"))).status).toBe(404);
  });
});

describe("generated requests to the case API", () => {
  it("never answers an intake body with a 5xx", async () => {
    const body = fc.oneof(
      fc.record(
        {
          ticketId: fc.oneof(fc.integer({ min: -5, max: 3_000_000_000 }), weird),
          bookingCode: fc.oneof(fc.stringMatching(/^[A-Z0-9]{6}$/), weird),
          service: fc.oneof(
            fc.constantFrom(instant.code, promised.code),
            fc.stringMatching(/^[A-Z]{2,6}-\d{3}$/),
            weird,
          ),
          name: fc.oneof(fc.constantFrom("张三", "欧阳娜娜"), weird),
          phone,
          idNumber: fc.oneof(fc.constant(undefined), fc.stringMatching(/^\d{17}[\dX]$/), weird),
          materials: fc.oneof(
            fc.record({ received: names, missing: names }, { requiredKeys: [] }),
            fc.constant({ received: promised.materials.map((m) => m.name), missing: [] }),
            weird,
          ),
          notAcceptedReason: fc.oneof(fc.string({ maxLength: 20 }), weird),
        },
        { requiredKeys: [] },
      ),
      fc.anything(),
      fc.json().map((text) => text),
    );
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        await expectProblemOrSuccess(await as(clerk, () => intakeRoute(post(value), none)));
      }),
      { numRuns: 400 },
    );
  });

  it("never answers a list, a case, an action, pickup or tracking with a 5xx", async () => {
    const taken = await (await as(clerk, () => intakeRoute(post(intakeBody(promised)), none))).json();
    const caseNo = fc.oneof(
      fc.constant(taken.caseNo as string),
      fc.stringMatching(/^QC\d{10}$/),
      fc.string({ maxLength: 14 }),
    );
    const action = fc.oneof(
      fc.constantFrom("take", "supplement-notice", "supplement-received", "decide", "ready", "deliver", "finish"),
      fc.string({ maxLength: 12 }),
    );
    const actionBody = fc.oneof(
      fc.record(
        {
          missing: names,
          note: fc.oneof(fc.string({ maxLength: 20 }), weird),
          result: fc.oneof(fc.constantFrom("approved", "rejected"), weird),
          opinion: fc.oneof(fc.string({ maxLength: 20 }), weird),
          idNumber: fc.oneof(fc.stringMatching(/^\d{17}[\dX]$/), weird),
          post: fc.oneof(fc.record({ trackingNo: fc.oneof(fc.string({ maxLength: 40 }), weird) }), weird),
        },
        { requiredKeys: [] },
      ),
      fc.anything(),
    );
    const query = fc.record(
      {
        status: fc.oneof(fc.constantFrom("accepted", "processing", "ready"), fc.string({ maxLength: 10 })),
        due: fc.oneof(fc.constantFrom("overdue", "soon"), fc.string({ maxLength: 8 })),
        q: fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom("%", "_", "\\", "QC2026")),
        limit: fc.oneof(fc.integer({ min: -5, max: 1000 }).map(String), fc.string({ maxLength: 5 })),
      },
      { requiredKeys: [] },
    );
    const actor = fc.constantFrom("clerk", "backoffice", "manager");
    await fc.assert(
      fc.asyncProperty(actor, caseNo, action, actionBody, query, phone, async (who, no, act, value, q, p) => {
        const as_ = who === "clerk" ? clerk : who === "backoffice" ? backoffice : manager;
        const search = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined) as [string, string][]);
        await as(as_, async () => {
          await expectProblemOrSuccess(await listRoute(new Request(`http://hall/x?${search}`), none));
          await expectProblemOrSuccess(await getCaseRoute(new Request("http://hall/x"), params({ caseNo: no })));
          await expectProblemOrSuccess(await caseAction(post(value), params({ caseNo: no, action: act })));
          await expectProblemOrSuccess(
            await pickupRoute(
              new Request(`http://hall/x?caseNo=${encodeURIComponent(no)}&idNumber=${encodeURIComponent(String(p))}`),
              none,
            ),
          );
        });
        await expectProblemOrSuccess(
          await as(null, () =>
            trackRoute(new Request(`http://hall/x?phone=${encodeURIComponent(String(p))}`), params({ caseNo: no })),
          ),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("never answers a rating, a pad rating or a follow-up close with a 5xx", async () => {
    const taken = await (await as(clerk, () => intakeRoute(post(intakeBody(instant)), none))).json();
    const rating = fc.oneof(
      fc.record(
        {
          caseNo: fc.oneof(fc.constant(taken.caseNo as string), fc.string({ maxLength: 14 }), weird),
          token: fc.oneof(fc.string({ maxLength: 40 }), weird),
          phone,
          ticketId: fc.oneof(fc.integer({ min: -5, max: 3_000_000_000 }), weird),
          level: fc.oneof(fc.integer({ min: -2, max: 8 }), weird),
          reasons: fc.oneof(fc.constant(["态度"]), names),
          comment: fc.oneof(fc.string({ maxLength: 30 }), weird),
        },
        { requiredKeys: [] },
      ),
      fc.anything(),
    );
    const close = fc.record(
      {
        callbackNote: fc.oneof(fc.string({ maxLength: 20 }), weird),
        change: fc.oneof(fc.string({ maxLength: 20 }), weird),
      },
      { requiredKeys: [] },
    );
    const id = fc.oneof(fc.integer({ min: -5, max: 3_000_000_000 }).map(String), fc.string({ maxLength: 10 }));
    await fc.assert(
      fc.asyncProperty(rating, close, id, fc.constantFrom("open", "overdue", "closed", "x"), async (r, c, i, state) => {
        await expectProblemOrSuccess(await as(null, () => evaluationRoute(post(r), none)));
        await expectProblemOrSuccess(await as(pad, () => padEvaluationRoute(post(r), none)));
        await as(manager, async () => {
          await expectProblemOrSuccess(await closeRoute(post(c), params({ id: i })));
          await expectProblemOrSuccess(await followUpsRoute(new Request(`http://hall/x?state=${state}`), none));
        });
      }),
      { numRuns: 300 },
    );
  });
});
