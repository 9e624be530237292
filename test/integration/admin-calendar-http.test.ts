import { describe, expect, it, vi } from "vitest";
import { as } from "../support/request-actor";

// The admin's window and calendar endpoints over HTTP: problem JSON with a Chinese message on bad
// input (never a 500), and the confirm step as 409 confirmation_required naming the count. The
// signed-in actor comes from the request's async context (the session only; the database is real).
vi.mock("@/lib/auth/session", () => import("../support/request-actor").then((m) => m.sessionStandIn));

const { PUT: hoursRoute } = await import("@/app/api/v1/admin/calendar/hours/route");
const { PUT: postRoute } = await import("@/app/api/v1/admin/calendar/weekend-posts/[weekday]/route");
const { PUT: rotationRoute } = await import("@/app/api/v1/admin/calendar/village-rotation/route");
const overrideRoutes = await import("@/app/api/v1/admin/calendar/overrides/[date]/route");
const { PATCH: windowRoute } = await import("@/app/api/v1/admin/windows/[id]/route");
const { PATCH: queueRoute } = await import("@/app/api/v1/admin/queues/[id]/route");
const { PUT: noticeRoute } = await import("@/app/api/v1/admin/display-notice/route");
const { getDb } = await import("@/db/client");
const { and, asc, eq, gt, sql } = await import("drizzle-orm");
const schema = await import("@/db/schema");
const { loadCatalogue } = await import("@/lib/demo/load-catalogue");
const { ensureSessions } = await import("@/lib/booking/sessions");
const { newBookingCode } = await import("@/lib/booking/code");
const { sealPhone } = await import("@/lib/crypto");
const { addDays, isoWeekday, shanghaiDate } = await import("@/lib/time");
const { staffActorIn, unique, uniqueCasePrefix, uniquePhone } = await import("../support/fixtures");

const send = (method: string, body?: unknown, url = "http://hall/x") =>
  new Request(url, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  });
const params = <P>(p: P) => ({ params: Promise.resolve(p) });
const none = undefined as never;

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status, await response.clone().text()).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  const body = await response.json();
  expect(body.code).toBe(code);
  expect(body.message).toMatch(/[\u4e00-\u9fff]/);
  return body as { code: string; message: string; fields?: Record<string, string> };
}

async function startHall() {
  const db = await getDb();
  const hallCode = unique("http");
  const today = shanghaiDate();
  await loadCatalogue(db, {
    hallCode,
    hall: { name: `测试镇${hallCode}`, address: "测试地址", phone: "0571-0000000", casePrefix: uniqueCasePrefix() },
    today,
  });
  const [hall] = await db.select({ id: schema.halls.id }).from(schema.halls).where(eq(schema.halls.code, hallCode));
  await ensureSessions(db, { hallId: hall.id, from: today, to: addDays(today, 14) });
  return { hallId: hall.id, admin: await staffActorIn({ role: "admin", hallId: hall.id }) };
}

describe("admin calendar endpoints", () => {
  it("answers bad input with 422 problem JSON and field errors, never a 500", async () => {
    const { admin } = await startHall();
    await as(admin, async () => {
      const hours = await expectProblem(
        await hoursRoute(send("PUT", { weekdays: [], morningStart: "8点", morningEnd: "12:00" }), none),
        422,
        "invalid_input",
      );
      expect(hours.fields).toHaveProperty("weekdays");
      expect(hours.fields).toHaveProperty("morningStart");
      await expectProblem(await hoursRoute(send("PUT", "not json"), none), 422, "invalid_input");
      await expectProblem(await postRoute(send("PUT", { post: null }), params({ weekday: "3" })), 422, "invalid_input");
      const post = await expectProblem(
        await postRoute(
          send("PUT", { post: { location: "", startTime: "12:00", endTime: "09:00" } }),
          params({ weekday: "6" }),
        ),
        422,
        "invalid_input",
      );
      expect(post.fields).toHaveProperty("post.location");
      await expectProblem(
        await rotationRoute(
          send("PUT", { startsOn: "2020-01-07", startTime: "09:00", endTime: "11:00", villages: [], themes: [] }),
          none,
        ),
        422,
        "invalid_input",
      );
      await expectProblem(
        await overrideRoutes.PUT(send("PUT", { isOpen: false, reason: "x" }), params({ date: "2026-02-30" })),
        422,
        "invalid_input",
      );
      await expectProblem(
        await overrideRoutes.DELETE(
          send("DELETE", undefined, "http://hall/x?confirmAffected=abc"),
          params({ date: shanghaiDate() }),
        ),
        422,
        "invalid_input",
      );
      await expectProblem(
        await overrideRoutes.DELETE(send("DELETE"), params({ date: addDays(shanghaiDate(), 3) })),
        404,
        "not_found",
      );
    });
  });

  it("asks for the count with 409 confirmation_required, then saves with it", async () => {
    const { hallId, admin } = await startHall();
    const db = await getDb();
    const [session] = await db
      .select({ id: schema.serviceSessions.id, date: schema.serviceSessions.date })
      .from(schema.serviceSessions)
      .where(
        and(
          eq(schema.serviceSessions.hallId, hallId),
          eq(schema.serviceSessions.channel, "weekend"),
          gt(schema.serviceSessions.date, shanghaiDate()),
        ),
      )
      .orderBy(asc(schema.serviceSessions.date))
      .limit(1);
    const [slot] = await db.select().from(schema.slots).where(eq(schema.slots.sessionId, session.id)).limit(1);
    const [item] = await db
      .select({ id: schema.serviceItems.id })
      .from(schema.serviceItems)
      .where(eq(schema.serviceItems.hallId, hallId))
      .limit(1);
    await db
      .update(schema.slots)
      .set({ booked: sql`${schema.slots.booked} + 1` })
      .where(eq(schema.slots.id, slot.id));
    await db.insert(schema.bookings).values({
      hallId,
      code: newBookingCode(),
      serviceItemId: item.id,
      slotId: slot.id,
      applicantName: "接口测试",
      ...sealPhone(uniquePhone()),
    });
    const weekday = String(isoWeekday(session.date));
    await as(admin, async () => {
      const asked = await expectProblem(
        await postRoute(send("PUT", { post: null }), params({ weekday })),
        409,
        "confirmation_required",
      );
      expect(asked.fields).toEqual({ confirmAffected: "1" });
      const saved = await postRoute(send("PUT", { post: null, confirmAffected: 1 }), params({ weekday }));
      expect(saved.status).toBe(200);
      expect(await saved.json()).toEqual({ status: "saved", affected: 1, cancelled: 1, moved: 0, waitlist: 0 });
    });
    const clerk = await staffActorIn({ role: "clerk", hallId });
    await as(clerk, async () => {
      await expectProblem(await postRoute(send("PUT", { post: null }), params({ weekday })), 403, "forbidden");
    });
    await as(null, async () => {
      await expectProblem(await hoursRoute(send("PUT", {}), none), 401, "unauthorized");
    });
  });
});

describe("admin window endpoints", () => {
  it("edits a window, a queue and the notice; 404 outside the hall, 422 on bad input", async () => {
    const { hallId, admin } = await startHall();
    const db = await getDb();
    const [window] = await db.select().from(schema.windows).where(eq(schema.windows.hallId, hallId)).limit(1);
    const [queue] = await db.select().from(schema.queues).where(eq(schema.queues.hallId, hallId)).limit(1);
    await as(admin, async () => {
      const saved = await windowRoute(
        send("PATCH", { name: "综合受理", queues: [queue.prefix], isOpenToday: true }),
        params({ id: String(window.id) }),
      );
      expect(saved.status).toBe(200);
      expect(await saved.json()).toMatchObject({ id: window.id, name: "综合受理", queues: [queue.prefix] });
      await expectProblem(
        await windowRoute(send("PATCH", { name: "", queues: [], isOpenToday: 1 }), params({ id: String(window.id) })),
        422,
        "invalid_input",
      );
      await expectProblem(
        await windowRoute(send("PATCH", { name: "x", queues: ["A"], isOpenToday: true }), params({ id: "abc" })),
        404,
        "not_found",
      );
      const q = await queueRoute(send("PATCH", { name: "综合", dailyCap: 99 }), params({ id: String(queue.id) }));
      expect(await q.json()).toMatchObject({ id: queue.id, name: "综合", dailyCap: 99, items: 0 });
      await expectProblem(
        await queueRoute(send("PATCH", { name: "综合", dailyCap: 1000 }), params({ id: String(queue.id) })),
        422,
        "invalid_input",
      );
      const notice = await noticeRoute(send("PUT", { notice: "今天下午系统升级" }), none);
      expect(await notice.json()).toEqual({ notice: "今天下午系统升级" });
    });
  });
});
