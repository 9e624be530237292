import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { uniqueViolation } from "@/db/errors";
import { queues, tickets, windows } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { deliverCase, finishInstantCase, decideCase, markReady, takeInCase } from "@/lib/cases";
import { isAppError } from "@/lib/errors";
import {
  closeFollowUp,
  getPadState,
  getRatingTarget,
  listFollowUps,
  submitEvaluation,
  submitPadEvaluation,
} from "@/lib/evaluations";
import { addWorkingDays, shanghaiDate } from "@/lib/time";
import { backofficeFor, intakeBody, itemOf, uniqueIdNumber, type TestItem } from "../support/case-fixtures";
import { actorFor, createStaff, testHallId } from "../support/fixtures";

let clerk: Actor;
let manager: Actor;
let instant: TestItem;
let promised: TestItem;

beforeAll(async () => {
  clerk = await actorFor("clerk", 1);
  manager = await actorFor("manager");
  instant = await itemOf("instant");
  promised = await itemOf("promised", 5);
});

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return `${error.status} ${error.code}`;
    throw error;
  }
  return "no error";
}

const tokenOf = (rateUrl: string) => new URL(rateUrl, "http://x").searchParams.get("t")!;

describe("rating a case from the phone", () => {
  it("takes one rating per case and stage by the per-case link; a wrong token is 404", async () => {
    const taken = await takeInCase({ actor: clerk, ...intakeBody(instant) });
    await finishInstantCase({ actor: clerk, caseNo: taken.caseNo });
    const token = tokenOf(taken.receipt.rateUrl);
    expect(await refusal(submitEvaluation({ caseNo: taken.caseNo, token: token.replace(/.$/, "x"), level: 5 }))).toBe(
      "404 not_found",
    );
    expect(await getRatingTarget({ caseNo: taken.caseNo, token })).toMatchObject({ stage: "service", isRated: false });
    expect(await refusal(getRatingTarget({ caseNo: taken.caseNo, token: "x" }))).toBe("404 not_found");
    const rated = await submitEvaluation({ caseNo: taken.caseNo, token, level: 5 });
    expect(rated.followUpDueDate).toBeNull();
    expect((await getRatingTarget({ caseNo: taken.caseNo, token })).isRated).toBe(true);
    expect(await refusal(submitEvaluation({ caseNo: taken.caseNo, token, level: 4 }))).toBe("409 already_rated");
  });

  it("rates a promised case after the visit and again after pickup, by phone", async () => {
    const idNumber = uniqueIdNumber();
    const body = intakeBody(promised, { idNumber });
    const taken = await takeInCase({ actor: clerk, ...body });
    await submitEvaluation({ caseNo: taken.caseNo, phone: body.phone, level: 4 });
    expect(await refusal(submitEvaluation({ caseNo: taken.caseNo, phone: body.phone, level: 4 }))).toBe(
      "409 already_rated",
    );
    const backoffice = await backofficeFor(promised.departmentId);
    await decideCase({ actor: backoffice, caseNo: taken.caseNo, result: "approved", opinion: "准予" });
    await markReady({ actor: backoffice, caseNo: taken.caseNo });
    await deliverCase({ actor: clerk, caseNo: taken.caseNo, idNumber });
    expect((await submitEvaluation({ caseNo: taken.caseNo, phone: body.phone, level: 5 })).id).toBeGreaterThan(0);
    expect(await refusal(submitEvaluation({ caseNo: taken.caseNo, phone: "13900000000", level: 5 }))).toBe(
      "404 not_found",
    );
  });

  it("needs a reason for a level of 2 or less, and opens a follow-up due in 15 working days", async () => {
    const taken = await takeInCase({ actor: clerk, ...intakeBody(instant) });
    const token = tokenOf(taken.receipt.rateUrl);
    expect(await refusal(submitEvaluation({ caseNo: taken.caseNo, token, level: 2 }))).toBe("422 invalid_input");
    expect(await refusal(submitEvaluation({ caseNo: taken.caseNo, token, level: 1, reasons: ["不认识"] }))).toBe(
      "422 invalid_input",
    );
    const rated = await submitEvaluation({
      caseNo: taken.caseNo,
      token,
      level: 2,
      reasons: ["效率"],
      comment: "等太久",
    });
    expect(rated.followUpDueDate).toBe(addWorkingDays(shanghaiDate(), 15));

    const open = await listFollowUps({ actor: manager, state: "open" });
    const mine = open.find((f) => f.id === rated.id);
    expect(mine).toMatchObject({ caseNo: taken.caseNo, level: 2, reasons: ["效率"], comment: "等太久", state: "open" });
    expect(await refusal(listFollowUps({ actor: clerk }))).toBe("403 forbidden");
    expect(
      await refusal(closeFollowUp({ actor: clerk, id: rated.id, callbackNote: "已回访", change: "增开窗口" })),
    ).toBe("403 forbidden");

    await closeFollowUp({
      actor: manager,
      id: rated.id,
      callbackNote: "已电话回访，群众表示理解",
      change: "高峰期增开窗口",
    });
    const closed = await listFollowUps({ actor: manager, state: "closed" });
    expect(closed.find((f) => f.id === rated.id)).toMatchObject({
      state: "closed",
      callbackNote: "已电话回访，群众表示理解",
      change: "高峰期增开窗口",
    });
    expect((await listFollowUps({ actor: manager, state: "open" })).some((f) => f.id === rated.id)).toBe(false);
    expect(await refusal(closeFollowUp({ actor: manager, id: rated.id, callbackNote: "再次回访", change: "无" }))).toBe(
      "409 follow_up_closed",
    );
    expect(
      await refusal(closeFollowUp({ actor: manager, id: 2_000_000_000, callbackNote: "回访", change: "无" })),
    ).toBe("404 not_found");
  });
});

describe("the rating pad at a window", () => {
  let windowId: number;
  let pad: Actor;
  let padClerk: Actor;

  /** A window of its own (so that no other test's tickets show on this pad). */
  beforeAll(async () => {
    const db = await getDb();
    const hallId = await testHallId();
    for (;;) {
      const number = 50 + Math.floor(Math.random() * 50);
      try {
        [{ id: windowId }] = await db
          .insert(windows)
          .values({ hallId, number, name: `测试窗口${number}` })
          .returning({ id: windows.id });
        break;
      } catch (error) {
        if (uniqueViolation(error) === null) throw error;
      }
    }
    const padStaff = await createStaff({ role: "pad", windowId });
    pad = {
      id: padStaff.id,
      username: padStaff.username,
      name: "评价器",
      role: "pad",
      hallId,
      departmentId: null,
      windowId,
    };
    const clerkStaff = await createStaff({ role: "clerk", windowId });
    padClerk = { ...pad, id: clerkStaff.id, username: clerkStaff.username, role: "clerk", name: "测试" };
  });

  async function finishedTicket() {
    const db = await getDb();
    const [queue] = await db.select({ id: queues.id }).from(queues).limit(1);
    for (;;) {
      const seq = 10_000 + Math.floor(Math.random() * 20_000);
      try {
        const [ticket] = await db
          .insert(tickets)
          .values({
            hallId: await testHallId(),
            queueId: queue.id,
            issuedQueueId: queue.id,
            serviceDate: shanghaiDate(),
            seq,
            number: `T${seq}`,
            source: "walk_in",
            status: "done",
            windowId,
            calledAt: new Date(Date.now() - 10 * 60_000),
            finishedAt: new Date(),
          })
          .returning({ id: tickets.id, number: tickets.number });
        return ticket;
      } catch (error) {
        if (uniqueViolation(error) === null) throw error;
      }
    }
  }

  it("shows the window, its clerk and the visit just finished, and takes one rating per visit", async () => {
    const ticket = await finishedTicket();
    const taken = await takeInCase({ actor: padClerk, ...intakeBody(instant), ticketId: ticket.id });
    const state = await getPadState({ actor: pad });
    expect(state.window.name).toMatch(/^测试窗口/);
    expect(state.clerk).not.toBeNull();
    expect(state.pending).toEqual({ ticketId: ticket.id, ticketNumber: ticket.number, caseNos: [taken.caseNo] });

    expect(await refusal(submitPadEvaluation({ actor: pad, ticketId: ticket.id, level: 1 }))).toBe("422 invalid_input");
    const rated = await submitPadEvaluation({ actor: pad, ticketId: ticket.id, level: 2, reasons: ["态度"] });
    expect(rated.followUpDueDate).toBe(addWorkingDays(shanghaiDate(), 15));
    expect(await refusal(submitPadEvaluation({ actor: pad, ticketId: ticket.id, level: 5 }))).toBe("409 already_rated");
    expect((await getPadState({ actor: pad })).pending).toBeNull();
    const followUp = (await listFollowUps({ actor: manager, state: "open" })).find((f) => f.id === rated.id);
    expect(followUp).toMatchObject({ ticketNumber: ticket.number, caseNo: null, reasons: ["态度"] });
  });

  it("rates only its own window's visits, and a pad can do nothing else", async () => {
    const ticket = await finishedTicket();
    const otherPad = await actorFor("pad", 1);
    expect(await refusal(submitPadEvaluation({ actor: otherPad, ticketId: ticket.id, level: 5 }))).toBe(
      "404 not_found",
    );
    expect(await refusal(listFollowUps({ actor: pad }))).toBe("403 forbidden");
    expect(await refusal(getPadState({ actor: clerk }))).toBe("403 forbidden");
    expect(await refusal(submitPadEvaluation({ actor: clerk, ticketId: ticket.id, level: 5 }))).toBe("403 forbidden");
    const db = await getDb();
    const [row] = await db.select({ status: tickets.status }).from(tickets).where(eq(tickets.id, ticket.id));
    expect(row.status).toBe("done");
  });
});
