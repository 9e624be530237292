import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { POST as recordsRoute } from "@/app/api/v1/village/records/route";
import { GET as dayRoute } from "@/app/api/v1/village/visits/[id]/route";
import { getDb } from "@/db/client";
import {
  bookings,
  cases,
  evaluations,
  halls,
  serviceItems,
  serviceSessions,
  slots,
  villageRecords,
  villages,
  villageVisits,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { newBookingCode } from "@/lib/booking/code";
import { sealPhone } from "@/lib/crypto";
import { getVillageDay, syncVillageRecord } from "@/lib/village";
import { villageRecordBody, type VillageRecordInput } from "@/lib/village/schemas";
import { atShanghai } from "@/lib/time";
import { uniqueIdNumber } from "../support/case-fixtures";
import { expectCode, refusal } from "../support/errors";
import {
  actorFor,
  jsonRequest,
  staffActorIn,
  testHallId,
  unique,
  uniqueCasePrefix,
  uniquePhone,
} from "../support/fixtures";
import { as } from "../support/request-actor";

vi.mock("@/lib/auth/session", () => import("../support/request-actor").then((m) => m.sessionStandIn));

// Issue 15: what a clerk's tablet made offline at a village day goes up once and only once, in
// order; a refused record changes nothing and says why; cases carry channel `village` and the
// village. The clock is pinned: a Tuesday village day, 2026-03-03, synced the same afternoon.

const VISIT_DATE = "2026-03-03";
const NOW = atShanghai(VISIT_DATE, "15:00");
const at = (time: string) => atShanghai(VISIT_DATE, time).toISOString();

interface Item {
  code: string;
  category: string;
  materials: { name: string; required: boolean }[];
}

let hallId: number;
let clerk: Actor;
let item: Item;
let otherItem: Item;

beforeAll(async () => {
  hallId = await testHallId();
  clerk = await actorFor("clerk");
  const db = await getDb();
  // Two village items of different categories, each with a required material to leave missing.
  const rows = await db
    .select({ code: serviceItems.code, category: serviceItems.category, materials: serviceItems.materials })
    .from(serviceItems)
    .where(
      and(
        eq(serviceItems.hallId, hallId),
        eq(serviceItems.isActive, true),
        sql`'village' = any(${serviceItems.channels})`,
        sql`exists (select 1 from jsonb_array_elements(${serviceItems.materials}) m where (m->>'required')::boolean)`,
      ),
    )
    .orderBy(serviceItems.code);
  item = rows[0];
  otherItem = rows.find((r) => r.category !== item.category)!;
  expect(item && otherItem, "two village items of different categories in the seed").toBeTruthy();
});

/** A village of its own with a visit on VISIT_DATE offering `categories`, and `n` confirmed bookings. */
async function villageDay(n = 3, categories = [item.category, otherItem.category]) {
  const db = await getDb();
  const [village] = await db
    .insert(villages)
    .values({ hallId, code: unique("v").slice(0, 16), name: unique("测试村") })
    .returning({ id: villages.id });
  const [visit] = await db
    .insert(villageVisits)
    .values({
      hallId,
      date: VISIT_DATE,
      villageId: village.id,
      theme: "测试主题",
      categories,
      location: "村委会",
      startTime: "09:00",
      endTime: "11:30",
    })
    .returning({ id: villageVisits.id });
  const [session] = await db
    .insert(serviceSessions)
    .values({ hallId, channel: "village", date: VISIT_DATE, villageVisitId: visit.id, location: "村委会" })
    .returning({ id: serviceSessions.id });
  const startsAt = atShanghai(VISIT_DATE, "09:00");
  const [slot] = await db
    .insert(slots)
    .values({
      hallId,
      sessionId: session.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 30 * 60_000),
      capacity: 10,
      onlineCapacity: 10,
      booked: n,
    })
    .returning({ id: slots.id });
  const [row] = await db.select({ id: serviceItems.id }).from(serviceItems).where(eq(serviceItems.code, item.code));
  const codes: string[] = [];
  for (let i = 0; i < n; i++) {
    const code = newBookingCode();
    await db.insert(bookings).values({
      hallId,
      code,
      serviceItemId: row.id,
      slotId: slot.id,
      applicantName: "下村预约",
      ...sealPhone(uniquePhone()),
    });
    codes.push(code);
  }
  return { visitId: visit.id, villageId: village.id, codes };
}

function caseRecord(visitId: number, overrides: Partial<Record<string, unknown>> = {}) {
  const required = item.materials.filter((m) => m.required).map((m) => m.name);
  return {
    id: randomUUID(),
    visitId,
    madeAt: at("09:40"),
    kind: "case" as const,
    service: item.code,
    name: "李下村",
    phone: uniquePhone(),
    idNumber: uniqueIdNumber(),
    materials: { received: item.materials.map((m) => m.name), missing: [] as string[] },
    ...overrides,
    ...(overrides.missingAll ? { materials: { received: [], missing: required } } : {}),
  };
}

/** Parse as the route does, then sync: the domain function with the pinned clock. */
function sync(record: Record<string, unknown>, actor: Actor = clerk) {
  const { missingAll: _drop, ...body } = record;
  return syncVillageRecord({ actor, record: villageRecordBody.parse(body), now: NOW });
}

async function casesOfVisit(villageId: number) {
  const db = await getDb();
  return db
    .select({ caseNo: cases.caseNo, channel: cases.channel, villageId: cases.villageId, status: cases.status })
    .from(cases)
    .where(eq(cases.villageId, villageId));
}

describe("taking the day along", () => {
  it("gives the visit, its bookings masked, and the items of its theme with their materials", async () => {
    const { visitId, codes } = await villageDay(2, [item.category]);
    const day = await getVillageDay({ actor: clerk, visitId });
    expect(day.visit).toMatchObject({ id: visitId, date: VISIT_DATE, theme: "测试主题", startTime: "09:00" });
    expect(day.bookings.map((b) => b.code).sort()).toEqual([...codes].sort());
    for (const b of day.bookings) expect(b.phoneMasked).toMatch(/^1\d{2}\*{4}\d{4}$/);
    expect(day.items.map((i) => i.code)).toContain(item.code);
    expect(day.items.map((i) => i.code)).not.toContain(otherItem.code);
    expect(day.items.find((i) => i.code === item.code)!.materials.length).toBe(item.materials.length);
    expect(JSON.stringify(day)).not.toMatch(/1[3-9]\d{9}/);
  });

  it("is the hall's clerks' only, their own hall's only", async () => {
    const { visitId } = await villageDay(0);
    expect(await refusal(getVillageDay({ actor: await actorFor("kiosk"), visitId }))).toBe("403 forbidden");
    expect(await refusal(getVillageDay({ actor: await actorFor("manager"), visitId }))).toBe("403 forbidden");
    const db = await getDb();
    const [other] = await db
      .insert(halls)
      .values({
        code: unique("h"),
        name: unique("他镇"),
        address: "测试",
        phone: "0571-0000000",
        casePrefix: uniqueCasePrefix(),
      })
      .returning({ id: halls.id });
    const stranger = await staffActorIn({ role: "clerk", hallId: other.id });
    expect(await refusal(getVillageDay({ actor: stranger, visitId }))).toBe("404 not_found");
    expect(await refusal(sync(caseRecord(visitId), stranger))).toBe("404 not_found");
    const anonymous = await as(null, () =>
      dayRoute(new Request(`http://hall/api/v1/village/visits/${visitId}`), {
        params: Promise.resolve({ id: String(visitId) }),
      }),
    );
    expect(anonymous.status).toBe(401);
  });
});

describe("syncing what the device made", () => {
  it("applies check-ins, cases (one with its supplement notice) and a poor rating, with channel village", async () => {
    const { visitId, villageId, codes } = await villageDay(2);
    const checked = [];
    for (const code of codes) {
      checked.push(await sync({ id: randomUUID(), visitId, madeAt: at("09:05"), kind: "check_in", bookingCode: code }));
    }
    expect(checked.map((c) => c.isRepeat)).toEqual([false, false]);
    const first = caseRecord(visitId, { bookingCode: codes[0] });
    const made = [
      await sync(first),
      await sync(caseRecord(visitId, { missingAll: true, idNumber: undefined })),
      await sync(
        caseRecord(visitId, {
          service: otherItem.code,
          materials: { received: otherItem.materials.map((m) => m.name), missing: [] },
        }),
      ),
    ];
    expect(made.map((m) => m.caseNo)).toEqual(expect.arrayContaining([expect.stringMatching(/^[A-Z]{1,6}2026\d{6}$/)]));
    expect(made[1].status).toBe("needs_supplement");
    const rating = await sync({
      id: randomUUID(),
      visitId,
      madeAt: at("10:00"),
      kind: "rating",
      caseRecordId: first.id,
      level: 2,
      reasons: ["效率"],
      comment: "等太久",
    });
    expect(rating.caseNo).toBe(made[0].caseNo);
    expect(rating.followUpDueDate).toMatch(/^2026-03-\d{2}$/);

    const onServer = await casesOfVisit(villageId);
    expect(onServer.map((c) => c.caseNo).sort()).toEqual(made.map((m) => m.caseNo).sort());
    expect(new Set(onServer.map((c) => c.channel))).toEqual(new Set(["village"]));
    const db = await getDb();
    const booked = await db
      .select({ code: bookings.code, status: bookings.status, checkedInAt: bookings.checkedInAt })
      .from(bookings)
      .where(inArray(bookings.code, codes));
    // The first booking's case was taken in: served. The second is checked in, at the device's time.
    expect(Object.fromEntries(booked.map((b) => [b.code, b.status]))).toEqual({
      [codes[0]]: "completed",
      [codes[1]]: "checked_in",
    });
    expect(booked.find((b) => b.code === codes[1])!.checkedInAt!.toISOString()).toBe(at("09:05"));
    const [evaluation] = await db
      .select({ level: evaluations.level, followUpDueDate: evaluations.followUpDueDate })
      .from(evaluations)
      .innerJoin(cases, eq(cases.id, evaluations.caseId))
      .where(eq(cases.caseNo, made[0].caseNo!));
    expect(evaluation).toMatchObject({ level: 2, followUpDueDate: rating.followUpDueDate });
  });

  it("answers a retried record as the first time and makes nothing twice, even when sent at once", async () => {
    const { visitId, villageId, codes } = await villageDay(1);
    const record = caseRecord(visitId);
    const first = await sync(record);
    const again = await sync(record);
    expect(again).toEqual({ ...first, isRepeat: true });
    // The answer was lost while three retries raced each other: still one case.
    const racing = caseRecord(visitId);
    const answers = await Promise.all([sync(racing), sync(racing), sync(racing)]);
    expect(new Set(answers.map((a) => a.caseNo)).size).toBe(1);
    expect(answers.filter((a) => !a.isRepeat)).toHaveLength(1);
    const checkIn = { id: randomUUID(), visitId, madeAt: at("09:05"), kind: "check_in", bookingCode: codes[0] };
    const checkIns = await Promise.all([sync(checkIn), sync(checkIn)]);
    expect(checkIns.filter((a) => !a.isRepeat)).toHaveLength(1);
    expect(await casesOfVisit(villageId)).toHaveLength(2);
    // The same id with other content is not a retry.
    await expectCode(sync({ ...record, name: "王另人" }), "idempotency_mismatch");
  });

  it("refuses a record it cannot apply, changes nothing, and takes the next one", async () => {
    const { visitId, villageId, codes } = await villageDay(1, [item.category]);
    const db = await getDb();
    const countRecords = async () =>
      (
        await db
          .select({ id: villageRecords.clientId })
          .from(villageRecords)
          .where(eq(villageRecords.villageVisitId, visitId))
      ).length;

    // An ID number that fails its check digit: the route's schema (the window's) refuses it.
    const response = await as(clerk, () =>
      recordsRoute(
        jsonRequest("/api/v1/village/records", { ...caseRecord(visitId), idNumber: "330185195001011230" }),
        undefined as never,
      ),
    );
    expect(response.status).toBe(422);
    const problem = (await response.json()) as { code: string; fields: Record<string, string> };
    expect(problem.code).toBe("invalid_input");
    expect(problem.fields.idNumber).toBe("身份证号码不正确，请核对后重新填写");

    // An item the visit no longer offers (the admin changed the day's theme after it was taken along).
    const notOffered = await expectCode(
      sync(caseRecord(visitId, { service: otherItem.code, materials: { received: [], missing: [] } })),
      "invalid_input",
    );
    expect(notOffered.message).toContain("不在本次下村日办理");

    // A booking the villager cancelled meanwhile.
    await db.update(bookings).set({ status: "cancelled", cancelledAt: NOW }).where(eq(bookings.code, codes[0]));
    const cancelled = await expectCode(
      sync({ id: randomUUID(), visitId, madeAt: at("09:05"), kind: "check_in", bookingCode: codes[0] }),
      "booking_closed",
    );
    expect(cancelled.message).toBe("该预约已被取消，不能签到");

    // A rating of a case that never reached the server.
    await expectCode(
      sync({ id: randomUUID(), visitId, madeAt: at("10:00"), kind: "rating", caseRecordId: randomUUID(), level: 5 }),
      "conflict",
    );
    // A clock far off.
    await expectCode(sync(caseRecord(visitId, { madeAt: "2026-03-05T10:00:00+08:00" })), "invalid_input");

    expect(await countRecords()).toBe(0);
    expect(await casesOfVisit(villageId)).toHaveLength(0);
    // The rest goes through.
    expect((await sync(caseRecord(visitId))).caseNo).toBeTruthy();
    expect(await countRecords()).toBe(1);
  });

  it("answers through the route with problem JSON for a bad record and 401 without a session", async () => {
    const { visitId } = await villageDay(0, [item.category]);
    const body: VillageRecordInput = { ...caseRecord(visitId), madeAt: new Date().toISOString() };
    const ok = await as(clerk, () => recordsRoute(jsonRequest("/api/v1/village/records", body), undefined as never));
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect(((await ok.json()) as { caseNo: string }).caseNo).toBeTruthy();
    const bad = await as(clerk, () =>
      recordsRoute(
        jsonRequest("/api/v1/village/records", { ...body, id: "not-a-uuid", kind: "nothing" }),
        undefined as never,
      ),
    );
    expect(bad.status).toBe(422);
    const anonymous = await as(null, () =>
      recordsRoute(jsonRequest("/api/v1/village/records", body), undefined as never),
    );
    expect(anonymous.status).toBe(401);
    const manager = await as(await actorFor("manager"), () =>
      recordsRoute(jsonRequest("/api/v1/village/records", body), undefined as never),
    );
    expect(manager.status).toBe(403);
  });
});
