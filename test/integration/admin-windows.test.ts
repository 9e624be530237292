import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { halls, queues, serviceItems, windowQueues, windows } from "@/db/schema";
import { createQueue } from "@/lib/admin/create-queue";
import { createWindow } from "@/lib/admin/create-window";
import { setDisplayNotice } from "@/lib/admin/set-display-notice";
import { updateQueue } from "@/lib/admin/update-queue";
import { updateWindow } from "@/lib/admin/update-window";
import { displayNoticeBody, updateQueueBody, updateWindowBody } from "@/lib/admin/window-schemas";
import { loadCatalogue } from "@/lib/demo/load-catalogue";
import { callNext, getQueueState } from "@/lib/queue";
import { shanghaiDate } from "@/lib/time";
import { staffActorIn, unique, uniqueCasePrefix } from "../support/fixtures";
import { createHall } from "../support/queue-hall";
import { connectQueueStream } from "../support/queue-stream-client";
import { expectCode } from "../support/errors";
import { lastAuditBy as lastAudit } from "../support/fixtures";

// Windows, queues and the TV's notice (issue #12, item 2): each edit is audited in its transaction
// and reaches every open stream of the hall (kiosk, TV) at once through the queue's NOTIFY.

async function windowsOf(hallId: number) {
  const db = await getDb();
  return db.select().from(windows).where(eq(windows.hallId, hallId)).orderBy(windows.number);
}

describe("updateWindow", () => {
  it("renames a window, changes its queues and closes it for today, audited; a closed window calls nobody", async () => {
    const hall = await createHall();
    const admin = await staffActorIn({ role: "admin", hallId: hall.hallId });
    const [first] = await windowsOf(hall.hallId);
    const saved = await updateWindow({
      actor: admin,
      windowId: first.id,
      name: "综合受理",
      queues: ["B"],
      isOpenToday: false,
    });
    expect(saved).toEqual({ id: first.id, number: 1, name: "综合受理", queues: ["B"], isOpenToday: false });
    const db = await getDb();
    const links = await db
      .select({ prefix: queues.prefix })
      .from(windowQueues)
      .innerJoin(queues, eq(queues.id, windowQueues.queueId))
      .where(eq(windowQueues.windowId, first.id));
    expect(links).toEqual([{ prefix: "B" }]);
    expect((await windowsOf(hall.hallId))[0].closedOn).toBe(shanghaiDate());
    expect(await lastAudit(admin)).toMatchObject({
      hallId: hall.hallId,
      action: "window.update",
      objectType: "window",
      objectId: String(first.id),
      result: "ok",
    });

    const clerk = hall.clerks[0];
    await expectCode(callNext({ actor: clerk, windowId: first.id }), "conflict");
    await updateWindow({ actor: admin, windowId: first.id, name: "综合受理", queues: ["B"], isOpenToday: true });
    expect(await callNext({ actor: clerk, windowId: first.id })).toBeNull();
  });

  it("answers 404 for another hall's window, 403 for a clerk, and 422 for a queue the hall lacks — writing nothing", async () => {
    const hall = await createHall();
    const other = await createHall();
    const admin = await staffActorIn({ role: "admin", hallId: hall.hallId });
    const [foreign] = await windowsOf(other.hallId);
    const [own] = await windowsOf(hall.hallId);
    const body = { name: "x", queues: ["A"], isOpenToday: true };
    await expectCode(updateWindow({ actor: admin, windowId: foreign.id, ...body }), "not_found");
    await expectCode(updateWindow({ actor: hall.clerks[0], windowId: own.id, ...body }), "forbidden");
    const error = await expectCode(
      updateWindow({ actor: admin, windowId: own.id, ...body, queues: ["A", "Z"] }),
      "invalid_input",
    );
    expect(error.fields).toHaveProperty("queues");
    expect(await lastAudit(admin)).toBeUndefined();
    expect((await windowsOf(other.hallId))[0].name).toBe("1号窗口");
    expect((await windowsOf(hall.hallId))[0].name).toBe("1号窗口");
  });

  it("validates the form body with Chinese messages", () => {
    const result = updateWindowBody.safeParse({ name: "", queues: [], isOpenToday: "yes" });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["name", "queues", "isOpenToday"]));
    expect(result.error!.issues.find((i) => i.path[0] === "queues")!.message).toBe("请至少选择一个队列");
  });
});

describe("updateQueue", () => {
  it("renames a queue, changes its cap and moves items to it, audited; a code of another hall is refused", async () => {
    const db = await getDb();
    const hallCode = unique("wq");
    await loadCatalogue(db, {
      hallCode,
      hall: { name: `测试镇${hallCode}`, address: "测试地址", phone: "0571-0000000", casePrefix: uniqueCasePrefix() },
      today: shanghaiDate(),
    });
    const [hall] = await db.select({ id: halls.id }).from(halls).where(eq(halls.code, hallCode));
    const admin = await staffActorIn({ role: "admin", hallId: hall.id });
    const hallQueues = await db.select().from(queues).where(eq(queues.hallId, hall.id)).orderBy(queues.sortOrder);
    const [target, source] = hallQueues;
    const [item] = await db
      .select({ code: serviceItems.code })
      .from(serviceItems)
      .where(and(eq(serviceItems.hallId, hall.id), eq(serviceItems.queueId, source.id)))
      .limit(1);
    const saved = await updateQueue({
      actor: admin,
      queueId: target.id,
      name: "社保医保",
      dailyCap: 120,
      items: [item.code],
    });
    expect(saved).toMatchObject({ id: target.id, name: "社保医保", dailyCap: 120, items: 1 });
    const [moved] = await db
      .select({ queueId: serviceItems.queueId })
      .from(serviceItems)
      .where(and(eq(serviceItems.hallId, hall.id), eq(serviceItems.code, item.code)));
    expect(moved.queueId).toBe(target.id);
    expect(await lastAudit(admin)).toMatchObject({ action: "queue.update", objectId: String(target.id) });

    const error = await expectCode(
      updateQueue({ actor: admin, queueId: target.id, name: "x", dailyCap: 1, items: ["NO-SUCH-ITEM"] }),
      "invalid_input",
    );
    expect(error.fields).toHaveProperty("items");
    const [unchanged] = await db.select().from(queues).where(eq(queues.id, target.id));
    expect(unchanged).toMatchObject({ name: "社保医保", dailyCap: 120 });
    const other = await createHall();
    const [foreign] = await db.select().from(queues).where(eq(queues.hallId, other.hallId)).limit(1);
    await expectCode(updateQueue({ actor: admin, queueId: foreign.id, name: "x", dailyCap: 1 }), "not_found");
  });

  it("validates the body", () => {
    const result = updateQueueBody.safeParse({ name: "队列名称超过二十个字的队列名称超过二十个字的", dailyCap: 0 });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path[0])).toEqual(expect.arrayContaining(["name", "dailyCap"]));
    expect(displayNoticeBody.safeParse({ notice: "字".repeat(201) }).success).toBe(false);
  });
});

describe("the live stream", () => {
  it("a connected TV receives the new notice, queue name and window change at once", async () => {
    const hall = await createHall();
    const admin = await staffActorIn({ role: "admin", hallId: hall.hallId });
    const tv = await connectQueueStream(hall.hallId);
    try {
      expect(await tv.waitForState(() => true)).toBe(true);
      const notice = `今天下午系统升级 ${unique("n")}`;
      await setDisplayNotice({ actor: admin, notice });
      expect(await tv.waitForState((s) => s.notice === notice)).toBe(true);
      expect(await lastAudit(admin)).toMatchObject({ action: "display.set_notice", objectType: "display_notice" });

      const db = await getDb();
      const [queueA] = await db
        .select()
        .from(queues)
        .where(and(eq(queues.hallId, hall.hallId), eq(queues.prefix, "A")));
      await updateQueue({ actor: admin, queueId: queueA.id, name: "社保专窗", dailyCap: 80 });
      expect(await tv.waitForState((s) => s.waiting.some((w) => w.queue === "A" && w.name === "社保专窗"))).toBe(true);

      const before = tv.states.length;
      const [first] = await windowsOf(hall.hallId);
      await updateWindow({ actor: admin, windowId: first.id, name: "1号", queues: ["A"], isOpenToday: true });
      expect(await tv.waitForState(() => tv.states.length > before)).toBe(true);

      // A new queue and a new window reach the screens at once too, as an edit does.
      await createQueue({ actor: admin, prefix: "Z", name: "新开队列", dailyCap: 50 });
      expect(await tv.waitForState((s) => s.waiting.some((w) => w.queue === "Z"))).toBe(true);
      const beforeWindow = tv.states.length;
      await createWindow({ actor: admin, number: 77, name: "77号", queues: ["Z"] });
      expect(await tv.waitForState(() => tv.states.length > beforeWindow)).toBe(true);

      // An empty notice gives the default back.
      await setDisplayNotice({ actor: admin, notice: "  " });
      const state = await getQueueState({ hallId: hall.hallId });
      expect(state.notice).not.toBe(notice);
      expect(await tv.waitForState((s) => s.notice === state.notice)).toBe(true);
    } finally {
      await tv.close();
    }
  });

  it("refuses a non-admin's notice", async () => {
    const hall = await createHall();
    await expectCode(setDisplayNotice({ actor: hall.kiosk, notice: "x" }), "forbidden");
  });
});
