import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import {
  bookings,
  caseCounters,
  cases,
  halls,
  queueEvents,
  serviceItems,
  serviceSessions,
  slots,
  staffUsers,
  tickets,
  windows,
  type StaffRole,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { createBooking, ensureSessions, getBooking } from "@/lib/booking";
import { finishInstantCase, getCase, listCases, takeInCase } from "@/lib/cases";
import { closeFollowUp, listFollowUps, submitEvaluation } from "@/lib/evaluations";
import { loadCatalogue } from "@/lib/demo";
import { callNext, checkInBooking, getQueueState, issueTicket, recallTicket } from "@/lib/queue";
import { getDistrictOverview, getReport } from "@/lib/reports/get-report";
import { yearRange } from "@/lib/reports/report-range";
import { addDays, shanghaiDate } from "@/lib/time";
import { refusal } from "../support/errors";
import { connectQueueStream, until } from "../support/queue-stream-client";
import { bookingBodyFor, unique, uniqueCasePrefix, uniquePhone } from "../support/fixtures";

// "Nothing in the booking, queue or case code may assume one hall": two whole towns of their own
// (catalogue, windows, queues, villages, opening rules, as start-up loads a hall), side by side in
// one database, and each one's bookings, tickets, streams, cases, counters, ratings and reports
// kept apart; a town's manager sees only their town, the district's account every town.

interface Town {
  id: number;
  code: string;
  prefix: string;
  clerk: Actor;
  kiosk: Actor;
  manager: Actor;
  admin: Actor;
}

async function staffOf(hallId: number, role: StaffRole, windowNumber?: number): Promise<Actor> {
  const db = await getDb();
  const [window] = windowNumber
    ? await db
        .select({ id: windows.id })
        .from(windows)
        .where(and(eq(windows.hallId, hallId), eq(windows.number, windowNumber)))
    : [undefined];
  const username = unique("d_");
  const [row] = await db
    .insert(staffUsers)
    .values({ hallId, username, displayName: "测试", passwordHash: "x", role, windowId: window?.id ?? null })
    .returning({ id: staffUsers.id });
  return { id: row.id, username, name: "测试", role, hallId, departmentId: null, windowId: window?.id ?? null };
}

async function town(): Promise<Town> {
  const code = unique("town");
  const prefix = uniqueCasePrefix();
  await loadCatalogue(await getDb(), {
    hallCode: code,
    hall: {
      name: `测试镇${code}便民服务中心`,
      address: `测试镇${code}1号`,
      phone: "0571-00000000",
      casePrefix: prefix,
    },
  });
  const [hall] = await (await getDb()).select({ id: halls.id }).from(halls).where(eq(halls.code, code));
  return {
    id: hall.id,
    code,
    prefix,
    clerk: await staffOf(hall.id, "clerk", 1),
    kiosk: await staffOf(hall.id, "kiosk"),
    manager: await staffOf(hall.id, "manager"),
    admin: await staffOf(hall.id, "admin"),
  };
}

/** An item of the town's catalogue by kind; the same code exists in every town. */
async function itemIn(hallId: number, kind: "instant" | "promised") {
  const db = await getDb();
  const [item] = await db
    .select({ code: serviceItems.code, materials: serviceItems.materials })
    .from(serviceItems)
    .where(and(eq(serviceItems.hallId, hallId), eq(serviceItems.kind, kind), eq(serviceItems.isBookable, true)))
    .orderBy(asc(serviceItems.sortOrder))
    .limit(1);
  return item;
}

const intake = (clerk: Actor, item: { code: string; materials: { name: string }[] }, phone = uniquePhone()) =>
  takeInCase({
    actor: clerk,
    service: item.code,
    name: "测试群众",
    phone,
    materials: { received: item.materials.map((m) => m.name), missing: [] },
  });

let a: Town;
let b: Town;
let district: Actor;

beforeAll(async () => {
  [a, b] = [await town(), await town()];
  district = await staffOf(a.id, "district");
}, 120_000);

describe("two towns in one database", () => {
  it("books each town's own slots: the other town's slot is no slot, its booking no booking", async () => {
    const db = await getDb();
    const today = shanghaiDate();
    const item = await itemIn(a.id, "promised");
    const slotIn = async (hallId: number) => {
      await ensureSessions(db, { hallId, from: today, to: addDays(today, 14) });
      const [slot] = await db
        .select({ id: slots.id })
        .from(slots)
        .innerJoin(serviceSessions, eq(serviceSessions.id, slots.sessionId))
        .where(
          and(
            eq(slots.hallId, hallId),
            eq(serviceSessions.channel, "window"),
            sql`${slots.startsAt} > now() + interval '1 day'`,
          ),
        )
        .orderBy(asc(slots.startsAt))
        .limit(1);
      return slot.id;
    };
    const [slotA, slotB] = [await slotIn(a.id), await slotIn(b.id)];
    const phone = uniquePhone();
    // The same item and phone book in both towns: each town's seat, each town's booking.
    const inA = await createBooking({
      hallId: a.id,
      request: bookingBodyFor({ service: item.code, slotId: slotA, phone }),
      verifiedInPerson: true,
    });
    const inB = await createBooking({
      hallId: b.id,
      request: bookingBodyFor({ service: item.code, slotId: slotB, phone }),
      verifiedInPerson: true,
    });
    const rows = await db
      .select({ hallId: bookings.hallId, slotId: bookings.slotId })
      .from(bookings)
      .where(inArray(bookings.code, [inA.booking.code, inB.booking.code]))
      .orderBy(asc(bookings.id));
    expect(rows).toEqual([
      { hallId: a.id, slotId: slotA },
      { hallId: b.id, slotId: slotB },
    ]);
    // Town B's site cannot book town A's slot, nor show or check in town A's booking.
    expect(
      await refusal(
        createBooking({
          hallId: b.id,
          request: bookingBodyFor({ service: item.code, slotId: slotA }),
          verifiedInPerson: true,
        }),
      ),
    ).toBe("422 invalid_input");
    expect(await refusal(getBooking({ hallId: b.id, code: inA.booking.code, owner: { phone } }))).toBe("404 not_found");
    expect(await refusal(checkInBooking({ actor: b.kiosk, code: inA.booking.code }))).toBe("404 not_found");
    const [seatA] = await db.select({ booked: slots.booked }).from(slots).where(eq(slots.id, slotA));
    expect(seatA.booked).toBeGreaterThanOrEqual(1);
  });

  it("numbers each town's tickets on their own, calls only its own, and streams each town its own calls", async () => {
    const streamA = await connectQueueStream(a.id);
    const streamB = await connectQueueStream(b.id);
    try {
      const firstA = await issueTicket({ actor: a.kiosk, queue: "A" });
      const firstB = await issueTicket({ actor: b.kiosk, queue: "A" });
      // Each town's A queue starts at A001 today, whatever the other town has issued.
      expect(firstA.number).toBe("A001");
      expect(firstB.number).toBe("A001");
      expect((await issueTicket({ actor: b.kiosk, queue: "A" })).number).toBe("A002");

      // Town B's window calls town B's ticket; town A's stays waiting for town A.
      const called = await callNext({ actor: b.clerk, windowId: b.clerk.windowId! });
      expect(called?.id).toBe(firstB.id);
      const db = await getDb();
      const [stillWaiting] = await db.select({ status: tickets.status }).from(tickets).where(eq(tickets.id, firstA.id));
      expect(stillWaiting.status).toBe("waiting");
      // Town A's clerk cannot touch town B's ticket: it is not there.
      expect(await refusal(recallTicket({ actor: a.clerk, ticketId: firstB.id }))).toBe("404 not_found");

      const stateA = await getQueueState({ hallId: a.id });
      const stateB = await getQueueState({ hallId: b.id });
      expect(stateA.waiting.find((w) => w.queue === "A")?.count).toBe(1);
      expect(stateB.waiting.find((w) => w.queue === "A")?.count).toBe(1);
      expect(stateA.calling).toEqual([]);
      expect(stateB.calling.map((c) => c.ticket)).toEqual(["A001"]);

      const calledA = await callNext({ actor: a.clerk, windowId: a.clerk.windowId! });
      expect(calledA?.id).toBe(firstA.id);
      expect(await until(() => streamA.calls.length === 1 && streamB.calls.length === 1)).toBe(true);
      // Give a stray event the time to arrive, then check that none did.
      await new Promise((r) => setTimeout(r, 300));
      expect(streamA.calls.map((c) => c.ticket)).toEqual(["A001"]);
      expect(streamB.calls.map((c) => c.ticket)).toEqual(["A001"]);
      const events = await db
        .select({ hallId: queueEvents.hallId })
        .from(queueEvents)
        .where(inArray(queueEvents.ticketId, [firstA.id, firstB.id]));
      expect(new Set(events.map((e) => e.hallId))).toEqual(new Set([a.id, b.id]));
    } finally {
      await streamA.close();
      await streamB.close();
    }
  });

  it("numbers each town's cases with its own prefix and counter, and shows a town's manager only that town", async () => {
    const item = await itemIn(a.id, "instant");
    const year = Number(shanghaiDate().slice(0, 4));
    const inA = await intake(a.clerk, item);
    const inB = await intake(b.clerk, item);
    const secondB = await intake(b.clerk, item);
    expect(inA.caseNo).toBe(`${a.prefix}${year}000001`);
    expect(inB.caseNo).toBe(`${b.prefix}${year}000001`);
    expect(secondB.caseNo).toBe(`${b.prefix}${year}000002`);
    const db = await getDb();
    const counters = await db
      .select({ hallId: caseCounters.hallId, last: caseCounters.last })
      .from(caseCounters)
      .where(inArray(caseCounters.hallId, [a.id, b.id]))
      .orderBy(asc(caseCounters.hallId));
    expect(counters).toEqual([
      { hallId: a.id, last: 1 },
      { hallId: b.id, last: 2 },
    ]);
    const [rowB] = await db.select({ hallId: cases.hallId }).from(cases).where(eq(cases.caseNo, inB.caseNo));
    expect(rowB.hallId).toBe(b.id);

    // Town A's staff: town B's case does not exist for them; their lists hold only town A's.
    for (const actor of [a.manager, a.admin, a.clerk]) {
      expect(await refusal(getCase({ actor, caseNo: inB.caseNo }))).toBe("404 not_found");
      expect((await getCase({ actor, caseNo: inA.caseNo })).caseNo).toBe(inA.caseNo);
      const listed = (await listCases({ actor })).map((c) => c.caseNo);
      expect(listed).toContain(inA.caseNo);
      expect(listed).not.toContain(inB.caseNo);
    }
    // Town A's clerk cannot finish town B's case either.
    expect(await refusal(finishInstantCase({ actor: a.clerk, caseNo: inB.caseNo }))).toBe("404 not_found");
    // The district reads figures, not people's cases.
    expect(await refusal(getCase({ actor: district, caseNo: inB.caseNo }))).toBe("403 forbidden");
    expect(await refusal(listCases({ actor: district }))).toBe("403 forbidden");
  });

  it("reports: a town's manager gets their town and 404 for the other; the district every town, side by side", async () => {
    // Three more in town A than the town B cases so far, so that a mix-up would show in the totals.
    const item = await itemIn(a.id, "instant");
    for (let i = 0; i < 3; i++) await intake(a.clerk, item);
    const year = shanghaiDate().slice(0, 4);
    const range = yearRange(year);
    const own = await getReport({ actor: a.manager, range });
    expect(own.scope).toMatchObject({ kind: "hall", hallId: a.id });
    expect(await refusal(getReport({ actor: a.manager, range, scope: { kind: "hall", code: b.code } }))).toBe(
      "404 not_found",
    );
    expect(await refusal(getReport({ actor: b.admin, range, scope: { kind: "hall", code: a.code } }))).toBe(
      "404 not_found",
    );
    expect(await refusal(getReport({ actor: a.manager, range, scope: { kind: "district" } }))).toBe("403 forbidden");
    expect(await refusal(getDistrictOverview({ actor: a.manager, range }))).toBe("403 forbidden");
    for (const actor of [a.clerk, a.kiosk]) expect(await refusal(getReport({ actor, range }))).toBe("403 forbidden");

    // The district opens either town's report, each with that town's own cases only.
    const db = await getDb();
    const countIn = async (hallId: number) =>
      (
        await db
          .select({ n: sql<number>`count(*)::int` })
          .from(cases)
          .where(
            and(
              eq(cases.hallId, hallId),
              sql`(${cases.acceptedAt} at time zone 'Asia/Shanghai')::date between ${range.from} and ${range.to}`,
            ),
          )
      )[0].n;
    const reportB = await getReport({ actor: district, range, scope: { kind: "hall", code: b.code } });
    expect(reportB.scope).toMatchObject({ kind: "hall", hallId: b.id });
    expect(reportB.current.totals.total).toBe(await countIn(b.id));
    const reportA = await getReport({ actor: district, range, scope: { kind: "hall", code: a.code } });
    expect(reportA.current.totals.total).toBe(await countIn(a.id));
    expect(reportA.current.totals.total).not.toBe(reportB.current.totals.total);

    const overview = await getDistrictOverview({ actor: district, range });
    const rowOf = (hallId: number) => overview.halls.find((h) => h.hallId === hallId)!;
    expect(rowOf(a.id)).toMatchObject({ code: a.code, totals: { total: await countIn(a.id) } });
    expect(rowOf(b.id)).toMatchObject({ code: b.code, totals: { total: await countIn(b.id) } });
  });

  it("follow-ups: each town's manager their own; the district reads every town's and closes none", async () => {
    const item = await itemIn(a.id, "instant");
    const rate = async (town: Town) => {
      const phone = uniquePhone();
      const taken = await intake(town.clerk, item, phone);
      await finishInstantCase({ actor: town.clerk, caseNo: taken.caseNo });
      const rated = await submitEvaluation({ caseNo: taken.caseNo, phone, level: 1, reasons: ["态度"] });
      return { caseNo: taken.caseNo, id: rated.id };
    };
    const poorA = await rate(a);
    const poorB = await rate(b);
    const casesOf = (rows: Awaited<ReturnType<typeof listFollowUps>>) => rows.map((f) => f.caseNo);
    const ofA = await listFollowUps({ actor: a.manager, state: "open" });
    expect(casesOf(ofA)).toContain(poorA.caseNo);
    expect(casesOf(ofA)).not.toContain(poorB.caseNo);
    const all = await listFollowUps({ actor: district, state: "open", limit: 1000 });
    expect(casesOf(all)).toEqual(expect.arrayContaining([poorA.caseNo, poorB.caseNo]));
    expect(all.find((f) => f.caseNo === poorB.caseNo)?.hall).toEqual({
      code: b.code,
      name: `测试镇${b.code}便民服务中心`,
    });
    const close = { callbackNote: "已回访", change: "已整改" };
    expect(await refusal(closeFollowUp({ actor: district, id: poorB.id, ...close }))).toBe("403 forbidden");
    expect(await refusal(closeFollowUp({ actor: a.manager, id: poorB.id, ...close }))).toBe("404 not_found");
    await closeFollowUp({ actor: b.manager, id: poorB.id, ...close });
  });
});
