import { and, desc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { bookings, calendarOverrides, caseEvents, cases, smsOutbox, tickets } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import {
  decideCase,
  deliverCase,
  findCasesForPickup,
  finishInstantCase,
  getCase,
  getIntakeDraft,
  issueSupplementNotice,
  listCases,
  markReady,
  receiveSupplement,
  takeCase,
  takeInCase,
  trackCase,
} from "@/lib/cases";
import { isAppError } from "@/lib/errors";
import { checkInBooking } from "@/lib/queue";
import { getReport } from "@/lib/reports";
import { addDays, addWorkingDays, atShanghai, isoWeekday, isStateWorkday, shanghaiDate } from "@/lib/time";
import {
  backofficeFor,
  createBookingAt,
  deviceActor,
  intakeBody,
  itemOf,
  otherDepartmentOf,
  uniqueIdNumber,
  type TestItem,
} from "../support/case-fixtures";
import { actorFor, createBookingStartingNow, testHallId } from "../support/fixtures";

let clerk: Actor;
let promised: TestItem; // a 5-working-day item
let instant: TestItem;
let backoffice: Actor;

beforeAll(async () => {
  clerk = await actorFor("clerk", 1);
  promised = await itemOf("promised", 5);
  instant = await itemOf("instant");
  backoffice = await backofficeFor(promised.departmentId);
});

/** The error code a promise rejects with (and its HTTP status). */
async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return `${error.status} ${error.code}`;
    throw error;
  }
  return "no error";
}

describe("intake at the window", () => {
  it("accepts a promised case with all materials: a numbered case, due on the 5th working day, routed to its department", async () => {
    // On a working day at 10:00 (a walk-in on a weekend rest day is a weekend post's case, tested below).
    let day = shanghaiDate();
    while (!isStateWorkday(day)) day = addDays(day, -1);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(atShanghai(day, "10:00"));
    const taken = await takeInCase({ actor: clerk, ...intakeBody(promised) }).finally(() => vi.useRealTimers());
    const year = shanghaiDate().slice(0, 4);
    expect(taken.caseNo).toMatch(new RegExp(`^QC${year}\\d{6}$`));
    expect(taken.status).toBe("accepted");
    expect(taken.statusLabel).toBe("已受理");
    expect(taken.channel).toBe("window");
    expect(taken.source).toBe("walk_in");
    expect(taken.department.id).toBe(promised.departmentId);
    expect(taken.materials.list.length).toBe(promised.materials.length);
    expect(taken.materials.missing).toEqual([]);
    expect(taken.supplement).toBeNull();
    expect(taken.applicant.phoneMasked).toMatch(/^1\d\d\*{4}\d{4}$/);
    expect(taken.applicant.idNumberMasked).toMatch(/^330185\*{8}\d{3}[\dX]$/);
    expect(taken.timeline.map((e) => e.kind)).toEqual(["accepted"]);
    expect(taken.receipt.trackUrl).toContain(`/track?case=${taken.caseNo}`);
    expect(taken.receipt.rateUrl).toMatch(new RegExp(`/rate/case/${taken.caseNo}\\?t=[\\w-]{32}$`));
    expect(taken.dueDate).toBe(addWorkingDays(day, 5));
  });

  it("issues the one-time notice at once when a required material is missing, and refuses a second one", async () => {
    const missing = promised.required[promised.required.length - 1];
    const taken = await takeInCase({ actor: clerk, ...intakeBody(promised, { missing: [missing] }) });
    expect(taken.status).toBe("needs_supplement");
    expect(taken.supplement?.missing).toEqual([missing]);
    expect(taken.timeline.map((e) => e.kind)).toEqual(["accepted", "supplement_requested"]);
    expect(
      await refusal(
        issueSupplementNotice({ actor: backoffice, caseNo: taken.caseNo, missing: [missing], note: "再补" }),
      ),
    ).toBe("409 supplement_once");
    const back = await receiveSupplement({ actor: clerk, caseNo: taken.caseNo });
    expect(back.status).toBe("accepted");
    expect(back.materials.missing).toEqual([]);
    expect(back.materials.received).toContain(missing);
    expect(back.supplement?.receivedAt).not.toBeNull();
  });

  it("counts a required material not ticked as received as missing, and rejects names not on the list", async () => {
    const body = intakeBody(promised);
    const dropped = promised.required[0];
    const taken = await takeInCase({
      actor: clerk,
      ...body,
      materials: { received: body.materials.received.filter((n) => n !== dropped), missing: [] },
    });
    expect(taken.status).toBe("needs_supplement");
    expect(taken.materials.missing).toEqual([dropped]);
    expect(
      await refusal(
        takeInCase({ actor: clerk, ...intakeBody(promised), materials: { received: ["不存在的材料"], missing: [] } }),
      ),
    ).toBe("422 invalid_input");
  });

  it("records 不予受理 with its reason, numbered like any case", async () => {
    const taken = await takeInCase({
      actor: clerk,
      ...intakeBody(promised),
      notAcceptedReason: "不属于本中心受理范围",
    });
    expect(taken.status).toBe("not_accepted");
    expect(taken.notAcceptedReason).toBe("不属于本中心受理范围");
    expect(taken.dueDate).toBeNull();
    expect(await refusal(takeCase({ actor: backoffice, caseNo: taken.caseNo }))).toBe("409 case_state");
  });

  it("finishes an instant item on the spot: approved and delivered, both on the timeline", async () => {
    const taken = await takeInCase({ actor: clerk, ...intakeBody(instant) });
    expect(taken.dueDate).toBeNull();
    const done = await finishInstantCase({ actor: clerk, caseNo: taken.caseNo });
    expect(done.status).toBe("delivered");
    expect(done.delivery?.method).toBe("window");
    expect(done.timeline.map((e) => [e.kind, e.fromStatus, e.toStatus])).toEqual([
      ["accepted", null, "accepted"],
      ["approved", "accepted", "approved"],
      ["delivered", "approved", "delivered"],
    ]);
    expect(await refusal(finishInstantCase({ actor: clerk, caseNo: taken.caseNo }))).toBe("409 case_state");
  });
});

describe("channels, bookings and tickets", () => {
  it.each(["weekend", "village"] as const)(
    "records a case booked for a %s session with that channel",
    async (channel) => {
      const booking = await createBookingAt(channel, promised.code);
      const taken = await takeInCase({ actor: clerk, ...intakeBody(promised), bookingCode: booking.code });
      expect(taken.channel).toBe(channel);
      expect(taken.source).toBe("booking");
      expect(taken.bookingCode).toBe(booking.code);
      expect(taken.village?.id ?? null).toBe(channel === "village" ? booking.villageId : null);
      const db = await getDb();
      const [served] = await db
        .select({ status: bookings.status })
        .from(bookings)
        .where(eq(bookings.code, booking.code));
      expect(served.status).toBe("completed");
      expect(await refusal(takeInCase({ actor: clerk, ...intakeBody(promised), bookingCode: "ZZZZZZ" }))).toBe(
        "404 not_found",
      );
    },
  );

  it("records a walk-in on a weekend rest day as the weekend post's case, counted from the next working day", async () => {
    let day = shanghaiDate();
    while (isStateWorkday(day) || isoWeekday(day) !== 6) day = addDays(day, -1);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(atShanghai(day, "10:00"));
    const taken = await takeInCase({ actor: clerk, ...intakeBody(promised) }).finally(() => vi.useRealTimers());
    expect(taken.channel).toBe("weekend");
    expect(taken.source).toBe("walk_in");
    expect(taken.dueDate).toBe(addWorkingDays(day, 5));
  });

  it("prefills the intake from the ticket's booking and links every case of the visit to the ticket", async () => {
    const { code } = await createBookingStartingNow();
    const ticket = await checkInBooking({ actor: clerk, code });
    const draft = await getIntakeDraft({ actor: clerk, ticketId: ticket.id });
    expect(draft).toMatchObject({
      ticketNumber: ticket.number,
      bookingCode: code,
      name: "签到测试",
      channel: "window",
    });
    expect(draft.phone).toMatch(/^1[3-9]\d{9}$/);
    expect(draft.service).toMatch(/^[A-Z]{2,6}-\d{3}$/);
    expect(draft.cases).toEqual([]);
    // Only a ticket being served (or just finished) takes cases.
    const body = { ...intakeBody(instant), name: draft.name!, phone: draft.phone!, ticketId: ticket.id };
    expect(await refusal(takeInCase({ actor: clerk, ...body }))).toBe("404 not_found");
    const db = await getDb();
    // Just finished at the clerk's window (not "serving": on PostgreSQL another file may be serving a
    // ticket at window 1 of the shared hall, and a window holds one active ticket).
    await db
      .update(tickets)
      .set({ status: "done", windowId: clerk.windowId, finishedAt: new Date() })
      .where(eq(tickets.id, ticket.id));
    const first = await takeInCase({ actor: clerk, ...body });
    const second = await takeInCase({
      actor: clerk,
      ...body,
      service: promised.code,
      materials: intakeBody(promised).materials,
    });
    expect(first).toMatchObject({ source: "booking", bookingCode: code, ticketNumber: ticket.number });
    expect((await getIntakeDraft({ actor: clerk, ticketId: ticket.id })).cases.map((c) => c.caseNo)).toEqual([
      second.caseNo,
      first.caseNo,
    ]);
  });
});

describe("the promised case from back office to pickup", () => {
  it("goes take → decide → ready (SMS in the outbox) → deliver after the ID check, every step on the timeline", async () => {
    const idNumber = uniqueIdNumber();
    const body = intakeBody(promised, { idNumber });
    const taken = await takeInCase({ actor: clerk, ...body });
    const inWork = await takeCase({ actor: backoffice, caseNo: taken.caseNo });
    expect(inWork.status).toBe("processing");
    const approved = await decideCase({
      actor: backoffice,
      caseNo: taken.caseNo,
      result: "approved",
      opinion: "材料齐全，准予",
    });
    expect(approved.status).toBe("approved");
    expect(approved.opinion).toBe("材料齐全，准予");
    const ready = await markReady({ actor: backoffice, caseNo: taken.caseNo });
    expect(ready.status).toBe("ready");

    const db = await getDb();
    const [sms] = await db
      .select({ body: smsOutbox.body, kind: smsOutbox.kind, phone: smsOutbox.phoneMasked })
      .from(smsOutbox)
      .where(sql`${smsOutbox.body} like ${`%${taken.caseNo}%`}`)
      .orderBy(desc(smsOutbox.id));
    expect(sms.kind).toBe("case_ready");
    expect(sms.body).toMatch(/已办结，请携带身份证到.+窗口领取，办件号 QC\d{10}/);
    expect(sms.body).toContain(`/rate/case/${taken.caseNo}?t=`);
    expect(sms.phone).toBe(taken.applicant.phoneMasked);

    const found = await findCasesForPickup({ actor: clerk, idNumber });
    expect(found.map((c) => c.caseNo)).toEqual([taken.caseNo]);
    expect(await refusal(deliverCase({ actor: clerk, caseNo: taken.caseNo, idNumber: uniqueIdNumber() }))).toBe(
      "422 id_mismatch",
    );
    const delivered = await deliverCase({ actor: clerk, caseNo: taken.caseNo, idNumber });
    expect(delivered.status).toBe("delivered");
    expect(delivered.delivery?.method).toBe("window");
    expect(delivered.timeline.map((e) => e.kind)).toEqual(["accepted", "taken", "approved", "ready", "delivered"]);
    expect(delivered.timeline.every((e) => e.actorName)).toBe(true);

    const tracked = await trackCase({ caseNo: taken.caseNo, phone: body.phone });
    expect(tracked.status).toBe("delivered");
    expect(tracked.applicant.name).toBe("王*明");
    expect(tracked.timeline.map((e) => e.label)).toContain("已领取");
    expect(JSON.stringify(tracked)).not.toContain(idNumber);
  });

  it("delivers by post with a tracking number", async () => {
    const taken = await takeInCase({ actor: clerk, ...intakeBody(promised) });
    await decideCase({ actor: backoffice, caseNo: taken.caseNo, result: "rejected", opinion: "不符合条件" });
    await markReady({ actor: backoffice, caseNo: taken.caseNo });
    const posted = await deliverCase({ actor: clerk, caseNo: taken.caseNo, post: { trackingNo: "SF1234567890" } });
    expect(posted.delivery).toMatchObject({ method: "post", trackingNo: "SF1234567890" });
  });

  it("lets one of two back-office users deciding at once win; the other gets 409", async () => {
    const taken = await takeInCase({ actor: clerk, ...intakeBody(promised) });
    await takeCase({ actor: backoffice, caseNo: taken.caseNo });
    const colleague = await backofficeFor(promised.departmentId);
    const results = await Promise.allSettled([
      decideCase({ actor: backoffice, caseNo: taken.caseNo, result: "approved", opinion: "准予" }),
      decideCase({ actor: colleague, caseNo: taken.caseNo, result: "rejected", opinion: "不予" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [lost] = results.filter((r) => r.status === "rejected");
    expect(isAppError(lost.reason) && `${lost.reason.status} ${lost.reason.code}`).toBe("409 case_state");
    const db = await getDb();
    const decided = await db
      .select({ kind: caseEvents.kind })
      .from(caseEvents)
      .innerJoin(cases, eq(cases.id, caseEvents.caseId))
      .where(and(eq(cases.caseNo, taken.caseNo), sql`${caseEvents.kind} in ('approved','rejected')`));
    expect(decided).toHaveLength(1);
  });

  it("keeps the timeline append-only", async () => {
    const taken = await takeInCase({ actor: clerk, ...intakeBody(instant) });
    const db = await getDb();
    const [event] = await db
      .select({ id: caseEvents.id })
      .from(caseEvents)
      .innerJoin(cases, eq(cases.id, caseEvents.caseId))
      .where(eq(cases.caseNo, taken.caseNo));
    await expect(db.update(caseEvents).set({ note: "改" }).where(eq(caseEvents.id, event.id))).rejects.toThrow();
    await expect(db.delete(caseEvents).where(eq(caseEvents.id, event.id))).rejects.toThrow();
  });
});

describe("working-day deadlines of a 5-working-day item, on the calendar of the year", () => {
  const acceptOn = async (date: string) =>
    takeInCase({ actor: clerk, ...intakeBody(promised), at: atShanghai(date, "10:00") });

  it.each([
    // 2026: National Day 10-01…10-07, 调休 Saturday 10-10.
    ["the last working day before National Day 2026", "2026-09-30", "2026-10-13"],
    // 2025: National Day 10-01…10-08, 调休 Saturday 10-11.
    ["the last working day before National Day 2025", "2025-09-30", "2025-10-14"],
    // 2025: Spring Festival 01-28…02-04, 调休 Saturday 02-08.
    ["the last working day before the Spring Festival 2025", "2025-01-27", "2025-02-10"],
    // 2026: Spring Festival 02-15…02-23; the 调休 Saturday 02-14 is the last working day before it,
    // and the 调休 Saturday 02-28 is the fifth working day after.
    ["the 调休 Saturday before the Spring Festival 2026", "2026-02-14", "2026-02-28"],
    ["the 调休 Saturday after National Day 2026", "2026-10-10", "2026-10-16"],
  ])("accepted on %s (%s) is due on %s", async (_label, accepted, due) => {
    const taken = await acceptOn(accepted);
    expect(taken.dueDate).toBe(due);
    expect(taken.caseNo.slice(2, 6)).toBe(accepted.slice(0, 4));
  });

  it("moves the due date by the working days a 补正 pause took, not by the weekend it spanned", async () => {
    // Accepted Monday 2025-11-03: due Monday 11-10. Notice on Friday 11-07, materials back on
    // Monday 11-10: one working day waited (the weekend does not count) → due Tuesday 11-11.
    const taken = await acceptOn("2025-11-03");
    expect(taken.dueDate).toBe("2025-11-10");
    await takeCase({ actor: backoffice, caseNo: taken.caseNo, at: atShanghai("2025-11-04", "09:00") });
    const waiting = await issueSupplementNotice({
      actor: backoffice,
      caseNo: taken.caseNo,
      missing: [promised.required[0]],
      note: "复印件不清晰",
      at: atShanghai("2025-11-07", "15:00"),
    });
    expect(waiting.status).toBe("needs_supplement");
    expect(waiting.dueState).toBeNull();
    const back = await receiveSupplement({ actor: clerk, caseNo: taken.caseNo, at: atShanghai("2025-11-10", "09:30") });
    expect(back.status).toBe("processing");
    expect(back.dueDate).toBe("2025-11-11");
  });

  it("applies the hall's admin overrides on top of the State Council calendar", async () => {
    const db = await getDb();
    const hallId = await testHallId();
    // A Friday in 2030 closed by the admin (far from any date another test books).
    let accepted = "2030-05-06";
    while (!isStateWorkday(accepted)) accepted = addWorkingDays(accepted, 1);
    const closed = addWorkingDays(accepted, 2);
    await db
      .insert(calendarOverrides)
      .values({ hallId, date: closed, isOpen: false, reason: "测试：停电" })
      .onConflictDoNothing();
    const taken = await acceptOn(accepted);
    expect(taken.dueDate).toBe(addWorkingDays(accepted, 5, (d) => d !== closed && isStateWorkday(d)));
    expect(taken.dueDate).not.toBe(addWorkingDays(accepted, 5));
  });
});

describe("case numbers", () => {
  it("gives 100 intakes in parallel 100 distinct numbers with no gap", async () => {
    // A year of its own (2031), so that intakes of other test files running at the same time on
    // PostgreSQL cannot take numbers in between.
    const at = atShanghai("2031-03-03", "10:00");
    const results = await Promise.all(
      Array.from({ length: 100 }, () => takeInCase({ actor: clerk, ...intakeBody(instant), at })),
    );
    const seqs = results.map((r) => Number(r.caseNo.slice(6))).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(100);
    expect(seqs[99] - seqs[0]).toBe(99);
    expect(results.every((r) => r.caseNo.startsWith("QC2031"))).toBe(true);
  });

  it("rolls a failed intake's number back with it", async () => {
    const at = atShanghai("2032-03-03", "10:00");
    const first = await takeInCase({ actor: clerk, ...intakeBody(instant), at });
    await expect(takeInCase({ actor: clerk, ...intakeBody(instant), ticketId: 2_000_000_000, at })).rejects.toThrow();
    const next = await takeInCase({ actor: clerk, ...intakeBody(instant), at });
    expect(Number(next.caseNo.slice(6))).toBe(Number(first.caseNo.slice(6)) + 1);
  });
});

describe("authorization", () => {
  it("hides a case from another department's back office: 404, and never in its list", async () => {
    const taken = await takeInCase({ actor: clerk, ...intakeBody(promised) });
    const stranger = await backofficeFor(await otherDepartmentOf(promised.departmentId));
    expect(await refusal(getCase({ actor: stranger, caseNo: taken.caseNo }))).toBe("404 not_found");
    expect(await refusal(takeCase({ actor: stranger, caseNo: taken.caseNo }))).toBe("404 not_found");
    expect(
      await refusal(decideCase({ actor: stranger, caseNo: taken.caseNo, result: "approved", opinion: "准予" })),
    ).toBe("404 not_found");
    expect((await listCases({ actor: stranger, q: taken.caseNo })).map((c) => c.caseNo)).toEqual([]);
    expect((await listCases({ actor: stranger, limit: 500 })).some((c) => c.caseNo === taken.caseNo)).toBe(false);
    expect((await listCases({ actor: backoffice, q: taken.caseNo })).map((c) => c.caseNo)).toEqual([taken.caseNo]);
    expect((await getCase({ actor: backoffice, caseNo: taken.caseNo })).caseNo).toBe(taken.caseNo);
  });

  it("does not let a clerk decide, take or mark ready a promised case", async () => {
    const taken = await takeInCase({ actor: clerk, ...intakeBody(promised) });
    expect(await refusal(decideCase({ actor: clerk, caseNo: taken.caseNo, result: "approved", opinion: "准予" }))).toBe(
      "403 forbidden",
    );
    expect(await refusal(takeCase({ actor: clerk, caseNo: taken.caseNo }))).toBe("403 forbidden");
    expect(await refusal(finishInstantCase({ actor: clerk, caseNo: taken.caseNo }))).toBe("403 forbidden");
    expect((await getCase({ actor: clerk, caseNo: taken.caseNo })).status).toBe("accepted");
  });

  it("lets a device do nothing with cases", async () => {
    const taken = await takeInCase({ actor: clerk, ...intakeBody(instant) });
    for (const role of ["pad", "kiosk", "display"] as const) {
      const device = await deviceActor(role);
      expect(await refusal(takeInCase({ actor: device, ...intakeBody(instant) })), role).toBe("403 forbidden");
      expect(await refusal(listCases({ actor: device })), role).toBe("403 forbidden");
      expect(await refusal(getCase({ actor: device, caseNo: taken.caseNo })), role).toBe("403 forbidden");
      expect(await refusal(finishInstantCase({ actor: device, caseNo: taken.caseNo })), role).toBe("403 forbidden");
    }
    const manager = await actorFor("manager");
    expect((await getCase({ actor: manager, caseNo: taken.caseNo })).caseNo).toBe(taken.caseNo);
    expect(await refusal(finishInstantCase({ actor: manager, caseNo: taken.caseNo }))).toBe("403 forbidden");
  });

  it("answers tracking with a wrong phone or number with 404", async () => {
    const body = intakeBody(promised);
    const taken = await takeInCase({ actor: clerk, ...body });
    expect((await trackCase({ caseNo: taken.caseNo, phone: body.phone })).caseNo).toBe(taken.caseNo);
    const wrong = body.phone.slice(0, 10) + String((Number(body.phone[10]) + 1) % 10);
    expect(await refusal(trackCase({ caseNo: taken.caseNo, phone: wrong }))).toBe("404 not_found");
    expect(await refusal(trackCase({ caseNo: "QC2026999999", phone: body.phone }))).toBe("404 not_found");
  });
});

describe("the manager's figures", () => {
  it("count a case accepted now in this year's total at once", async () => {
    const manager = await actorFor("manager");
    const year = Number(shanghaiDate().slice(0, 4));
    const range = { from: `${year}-01-01`, to: `${year}-12-31` };
    const before = (await getReport({ actor: manager, range })).current;
    await takeInCase({ actor: clerk, ...intakeBody(instant) });
    await takeInCase({ actor: clerk, ...intakeBody(promised) });
    const after = (await getReport({ actor: manager, range })).current;
    // Other files may take in cases at the same time on PostgreSQL: at least ours, and never fewer.
    expect(after.totals.total - before.totals.total).toBeGreaterThanOrEqual(2);
    const month = Number(shanghaiDate().slice(5, 7));
    expect(after.byMonth[month - 1].cases - before.byMonth[month - 1].cases).toBeGreaterThanOrEqual(2);
  });

  it("count a 不予受理 case in the total and apart", async () => {
    const manager = await actorFor("manager");
    const year = Number(shanghaiDate().slice(0, 4));
    const range = { from: `${year}-01-01`, to: `${year}-12-31` };
    const before = (await getReport({ actor: manager, range })).current.totals;
    const refused = await takeInCase({
      actor: clerk,
      ...intakeBody(promised),
      notAcceptedReason: "不属于本中心受理范围",
    });
    expect(refused.status).toBe("not_accepted");
    const after = (await getReport({ actor: manager, range })).current.totals;
    expect(after.notAccepted - before.notAccepted).toBeGreaterThanOrEqual(1);
    expect(after.total - before.total).toBeGreaterThanOrEqual(1);
    expect(after.notAccepted).toBeLessThanOrEqual(after.total);
  });
});

describe("lists", () => {
  it("filter by status and search by case number, phone and ID number", async () => {
    const idNumber = uniqueIdNumber();
    const body = intakeBody(promised, { idNumber });
    const taken = await takeInCase({ actor: clerk, ...body });
    for (const q of [taken.caseNo, body.phone, idNumber]) {
      expect(
        (await listCases({ actor: clerk, q })).map((c) => c.caseNo),
        q,
      ).toEqual([taken.caseNo]);
    }
    const accepted = await listCases({ actor: backoffice, status: "accepted", limit: 500 });
    expect(accepted.every((c) => c.status === "accepted")).toBe(true);
    expect(accepted.some((c) => c.caseNo === taken.caseNo)).toBe(true);
  });

  it("show overdue and soon-due open cases", async () => {
    // Accepted 40 days ago and never worked on: a 5-working-day item is overdue now.
    const longAgo = new Date(Date.now() - 40 * 86_400_000);
    const late = await takeInCase({ actor: clerk, ...intakeBody(promised), at: longAgo });
    expect(late.dueState).toBe("overdue");
    const overdue = await listCases({ actor: backoffice, due: "overdue", limit: 500 });
    expect(overdue.map((c) => c.caseNo)).toContain(late.caseNo);
    expect(overdue.every((c) => c.dueState === "overdue")).toBe(true);
    const soon = await listCases({ actor: backoffice, due: "soon", limit: 500 });
    expect(soon.every((c) => c.dueState === "soon")).toBe(true);
    expect(soon.map((c) => c.caseNo)).not.toContain(late.caseNo);

    // Accepted on the day whose 5th working day after is the next working day: due soon.
    const today = shanghaiDate();
    const tomorrowish = addWorkingDays(today, 1);
    let accepted = today;
    while (addWorkingDays(accepted, 5) > tomorrowish) accepted = addDays(accepted, -1);
    const close = await takeInCase({ actor: clerk, ...intakeBody(promised), at: atShanghai(accepted, "10:00") });
    expect(close.dueDate! >= today && close.dueDate! <= addWorkingDays(today, 2)).toBe(true);
    expect(close.dueState).toBe("soon");
    expect((await listCases({ actor: backoffice, due: "soon", limit: 500 })).map((c) => c.caseNo)).toContain(
      close.caseNo,
    );
  });
});
