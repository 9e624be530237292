import "server-only";
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf, type Db, type Tx } from "@/db/connection";
import { uniqueViolation } from "@/db/errors";
import { bookings, queues, serviceItems, slots, tickets, windowQueues, windows } from "@/db/schema";
import { assertRole, type Actor } from "@/lib/auth/actor";
import { isBookingCode } from "@/lib/booking/code";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { publishQueueEvent, type QueueEventInput } from "@/lib/queue/events";
import { bookingPriority, PRIORITY } from "@/lib/queue/order";
import { shanghaiDate } from "@/lib/time";

const TICKET_LOCK_NAMESPACE = 7_311_004;
const DEFAULT_SERVICE_MINUTES = 6;

export interface IssuedTicket {
  id: number;
  number: string;
  queue: string;
  queueName: string;
  ahead: number;
  estimatedMinutes: number;
  bookingCode?: string;
  serviceName?: string;
}

export interface TicketView {
  id: number;
  number: string;
  queue: string;
  status: string;
  source: "walk_in" | "booking";
  priority: number;
  isGreenChannel: boolean;
  window: number | null;
  targetWindow: number | null;
  recallCount: number;
  createdAt: string;
  calledAt: string | null;
  serviceName: string | null;
  bookingCode: string | null;
  applicantName: string | null;
  note: string | null;
}

function requireOwnWindow(actor: Actor): number {
  assertRole(actor, "clerk");
  if (!actor.windowId) throw new AppError("forbidden", "您的账号没有分配窗口，请联系管理员");
  return actor.windowId;
}

const ticketColumns = {
  id: tickets.id,
  number: tickets.number,
  queue: queues.prefix,
  status: tickets.status,
  source: tickets.source,
  priority: tickets.priority,
  isGreenChannel: tickets.isGreenChannel,
  windowId: tickets.windowId,
  targetWindowId: tickets.targetWindowId,
  recallCount: tickets.recallCount,
  createdAt: tickets.createdAt,
  calledAt: tickets.calledAt,
  serviceName: serviceItems.name,
  bookingCode: bookings.code,
  applicantName: bookings.applicantName,
  note: tickets.note,
  hallId: tickets.hallId,
  queueId: tickets.queueId,
};

async function selectTickets(db: Db | Tx, where: ReturnType<typeof and>, order = [asc(tickets.id)]) {
  const rows = await db
    .select(ticketColumns)
    .from(tickets)
    .innerJoin(queues, eq(queues.id, tickets.queueId))
    .leftJoin(serviceItems, eq(serviceItems.id, tickets.serviceItemId))
    .leftJoin(bookings, eq(bookings.id, tickets.bookingId))
    .where(where)
    .orderBy(...order);
  const windowNumbers = new Map(
    (await db.select({ id: windows.id, number: windows.number }).from(windows)).map((w) => [w.id, w.number]),
  );
  return rows.map((r) => ({
    ...r,
    view: {
      id: r.id,
      number: r.number,
      queue: r.queue,
      status: r.status,
      source: r.source,
      priority: r.priority,
      isGreenChannel: r.isGreenChannel,
      window: r.windowId ? (windowNumbers.get(r.windowId) ?? null) : null,
      targetWindow: r.targetWindowId ? (windowNumbers.get(r.targetWindowId) ?? null) : null,
      recallCount: r.recallCount,
      createdAt: r.createdAt.toISOString(),
      calledAt: r.calledAt?.toISOString() ?? null,
      serviceName: r.serviceName,
      bookingCode: r.bookingCode,
      applicantName: r.applicantName,
      note: r.note,
    } satisfies TicketView,
  }));
}

async function windowNumber(db: Db | Tx, windowId: number) {
  const [w] = await db.select({ number: windows.number }).from(windows).where(eq(windows.id, windowId));
  return w?.number ?? null;
}

/** Average service minutes of the queue today (recent finished tickets), for wait estimates. */
async function averageServiceMinutes(db: Db | Tx, queueId: number, today: string) {
  const [row] = rowsOf<{ minutes: number | null }>(
    await db.execute(sql`
      select avg(extract(epoch from finished_at - coalesce(started_at, called_at)) / 60)::float8 as minutes
      from (select finished_at, started_at, called_at from tickets
            where queue_id = ${queueId} and service_date = ${today} and status = 'done' and finished_at is not null
            order by finished_at desc limit 20) recent`),
  );
  return row?.minutes && row.minutes > 0 ? row.minutes : DEFAULT_SERVICE_MINUTES;
}

async function estimate(db: Db | Tx, input: { queueId: number; today: string; ahead: number }) {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(windowQueues)
    .where(eq(windowQueues.queueId, input.queueId));
  const perTicket = await averageServiceMinutes(db, input.queueId, input.today);
  return Math.ceil(((input.ahead + 1) * perTicket) / Math.max(1, n));
}

/** How many waiting tickets of the queue would be called before this one. */
async function countAhead(
  db: Db | Tx,
  ticket: { id: number; queueId: number; priority: number; createdAt: Date; serviceDate: string },
) {
  const [{ n }] = rowsOf<{ n: number }>(
    await db.execute(sql`
      select count(*)::int as n from tickets
      where queue_id = ${ticket.queueId} and service_date = ${ticket.serviceDate} and status = 'waiting' and id <> ${ticket.id}
        and (priority > ${ticket.priority}
             or (priority = ${ticket.priority} and (created_at < ${ticket.createdAt.toISOString()}::timestamptz
                 or (created_at = ${ticket.createdAt.toISOString()}::timestamptz and id < ${ticket.id}))))`),
  );
  return n;
}

/** A new number of the queue for today; numbers restart every day and stop at the daily cap. */
async function newTicket(
  tx: Tx,
  input: {
    hallId: number;
    queueId: number;
    prefix: string;
    dailyCap: number;
    source: "walk_in" | "booking";
    bookingId?: number;
    serviceItemId?: number;
    priority: number;
    isGreenChannel: boolean;
    today: string;
  },
) {
  await tx.execute(sql`select pg_advisory_xact_lock(${TICKET_LOCK_NAMESPACE}, ${input.queueId})`);
  const [{ last }] = await tx
    .select({ last: sql<number>`coalesce(max(${tickets.seq}), 0)::int` })
    .from(tickets)
    .where(and(eq(tickets.queueId, input.queueId), eq(tickets.serviceDate, input.today)));
  const seq = last + 1;
  if (seq > input.dailyCap)
    throw new AppError(
      "conflict",
      `今日 ${input.prefix} 号已发完（每日 ${input.dailyCap} 个），请明天再来或咨询工作人员`,
    );
  const [created] = await tx
    .insert(tickets)
    .values({
      hallId: input.hallId,
      queueId: input.queueId,
      serviceDate: input.today,
      seq,
      number: `${input.prefix}${String(seq).padStart(3, "0")}`,
      source: input.source,
      bookingId: input.bookingId ?? null,
      serviceItemId: input.serviceItemId ?? null,
      priority: input.priority,
      isGreenChannel: input.isGreenChannel,
    })
    .returning({ id: tickets.id, number: tickets.number, createdAt: tickets.createdAt, priority: tickets.priority });
  return created;
}

/** A walk-in ticket of a queue, from the kiosk or a clerk (who may put it on the green channel). */
export async function issueTicket(input: {
  actor: Actor;
  queue: string;
  isGreenChannel?: boolean;
}): Promise<IssuedTicket> {
  assertRole(input.actor, "kiosk", "clerk");
  const db = await getDb();
  const today = shanghaiDate();
  return db.transaction(async (tx) => {
    const [queue] = await tx
      .select()
      .from(queues)
      .where(and(eq(queues.hallId, input.actor.hallId), eq(queues.prefix, input.queue)));
    if (!queue) throw new AppError("invalid_input", "没有这个排队类别", { queue: "没有这个排队类别" });
    const isGreen = !!input.isGreenChannel;
    const created = await newTicket(tx, {
      hallId: input.actor.hallId,
      queueId: queue.id,
      prefix: queue.prefix,
      dailyCap: queue.dailyCap,
      source: "walk_in",
      priority: isGreen ? PRIORITY.greenChannel : PRIORITY.walkIn,
      isGreenChannel: isGreen,
      today,
    });
    await publishQueueEvent(tx, {
      hallId: input.actor.hallId,
      kind: "issued",
      ticketId: created.id,
      ticketNumber: created.number,
      actorId: input.actor.id,
    });
    const ahead = await countAhead(tx, {
      id: created.id,
      queueId: queue.id,
      priority: created.priority,
      createdAt: created.createdAt,
      serviceDate: today,
    });
    return {
      id: created.id,
      number: created.number,
      queue: queue.prefix,
      queueName: queue.name,
      ahead,
      estimatedMinutes: await estimate(tx, { queueId: queue.id, today, ahead }),
    };
  });
}

/** Check a booking in (code from the QR or typed): a ticket in its item's queue, ahead of walk-ins near its time. */
export async function checkInBooking(input: { actor: Actor; code: string }): Promise<IssuedTicket> {
  assertRole(input.actor, "kiosk", "clerk");
  const code = input.code.trim().toUpperCase();
  if (!isBookingCode(code)) throw new AppError("not_found", "没有找到这个预约码，请核对");
  const db = await getDb();
  const now = new Date();
  const today = shanghaiDate(now);
  try {
    return await db.transaction(async (tx) => {
      const [booking] = await tx
        .select({
          id: bookings.id,
          status: bookings.status,
          startsAt: slots.startsAt,
          itemId: serviceItems.id,
          itemName: serviceItems.name,
          queueId: serviceItems.queueId,
        })
        .from(bookings)
        .innerJoin(slots, eq(slots.id, bookings.slotId))
        .innerJoin(serviceItems, eq(serviceItems.id, bookings.serviceItemId))
        .where(and(eq(bookings.hallId, input.actor.hallId), eq(bookings.code, code)))
        .for("update", { of: bookings });
      if (!booking) throw new AppError("not_found", "没有找到这个预约码，请核对");
      if (booking.status === "checked_in") {
        const [existing] = await tx
          .select({ number: tickets.number })
          .from(tickets)
          .where(eq(tickets.bookingId, booking.id));
        throw new AppError("conflict", `该预约已签到${existing ? `，您的号码是 ${existing.number}` : ""}`);
      }
      if (booking.status !== "confirmed")
        throw new AppError(
          "booking_closed",
          booking.status === "cancelled" ? "该预约已取消，请重新取号" : "该预约已失效，请重新取号",
        );
      if (shanghaiDate(booking.startsAt) !== today)
        throw new AppError("conflict", `该预约不是今天的（${shanghaiDate(booking.startsAt)}），请按预约日期前来`);
      const [queue] = await tx.select().from(queues).where(eq(queues.id, booking.queueId));
      const created = await newTicket(tx, {
        hallId: input.actor.hallId,
        queueId: queue.id,
        prefix: queue.prefix,
        dailyCap: queue.dailyCap,
        source: "booking",
        bookingId: booking.id,
        serviceItemId: booking.itemId,
        priority: bookingPriority(booking.startsAt, now),
        isGreenChannel: false,
        today,
      });
      await tx.update(bookings).set({ status: "checked_in", checkedInAt: now }).where(eq(bookings.id, booking.id));
      await publishQueueEvent(tx, {
        hallId: input.actor.hallId,
        kind: "checked_in",
        ticketId: created.id,
        ticketNumber: created.number,
        actorId: input.actor.id,
      });
      const ahead = await countAhead(tx, {
        id: created.id,
        queueId: queue.id,
        priority: created.priority,
        createdAt: created.createdAt,
        serviceDate: today,
      });
      return {
        id: created.id,
        number: created.number,
        queue: queue.prefix,
        queueName: queue.name,
        ahead,
        estimatedMinutes: await estimate(tx, { queueId: queue.id, today, ahead }),
        bookingCode: code,
        serviceName: booking.itemName,
      };
    });
  } catch (error) {
    if (uniqueViolation(error) === "tickets_booking_uq") throw new AppError("conflict", "该预约已签到");
    throw error;
  }
}

/**
 * Call the next ticket for the clerk's window. FOR UPDATE SKIP LOCKED: when every window presses
 * "next" at once, each takes a different ticket and none is called twice or skipped. A ticket
 * still being served at this window is finished first.
 */
export async function callNext(input: { actor: Actor; windowId: number }): Promise<TicketView | null> {
  const windowId = requireOwnWindow(input.actor);
  if (windowId !== input.windowId) throw new AppError("forbidden", "只能为自己的窗口叫号");
  const db = await getDb();
  const today = shanghaiDate();
  const number = await windowNumber(db, windowId);
  return db.transaction(async (tx) => {
    const active = await tx
      .select({ id: tickets.id, status: tickets.status, number: tickets.number })
      .from(tickets)
      .where(
        and(
          eq(tickets.windowId, windowId),
          eq(tickets.serviceDate, today),
          inArray(tickets.status, ["called", "serving"]),
        ),
      )
      .for("update");
    for (const t of active) {
      if (t.status === "called") throw new AppError("conflict", `${t.number} 号已叫，请先开始办理、重呼或标记未到`);
      await tx.update(tickets).set({ status: "done", finishedAt: new Date() }).where(eq(tickets.id, t.id));
      await publishQueueEvent(tx, {
        hallId: input.actor.hallId,
        kind: "finished",
        ticketId: t.id,
        ticketNumber: t.number,
        windowNumber: number,
        actorId: input.actor.id,
      });
    }
    const called = rowsOf<{ id: number; number: string }>(
      await tx.execute(sql`
        with next as (
          select t.id from tickets t
          join window_queues wq on wq.queue_id = t.queue_id and wq.window_id = ${windowId}
          where t.hall_id = ${input.actor.hallId} and t.service_date = ${today} and t.status = 'waiting'
            and (t.target_window_id is null or t.target_window_id = ${windowId})
          order by t.priority desc, t.created_at, t.id
          limit 1
          for update of t skip locked
        )
        update tickets set status = 'called', window_id = ${windowId}, target_window_id = null, called_at = now(), recall_count = 0
        where id = (select id from next)
        returning id, number`),
    );
    if (called.length === 0) return null;
    await publishQueueEvent(tx, {
      hallId: input.actor.hallId,
      kind: "called",
      ticketId: called[0].id,
      ticketNumber: called[0].number,
      windowNumber: number,
      actorId: input.actor.id,
    });
    return (await selectTickets(tx, eq(tickets.id, called[0].id)))[0].view;
  });
}

/** Call one waiting ticket out of order (a reason is required and recorded). */
export async function callTicket(input: { actor: Actor; ticketId: number; reason: string }): Promise<TicketView> {
  const windowId = requireOwnWindow(input.actor);
  const db = await getDb();
  const today = shanghaiDate();
  const number = await windowNumber(db, windowId);
  return db.transaction(async (tx) => {
    const busy = await tx
      .select({ number: tickets.number })
      .from(tickets)
      .where(and(eq(tickets.windowId, windowId), eq(tickets.serviceDate, today), eq(tickets.status, "called")));
    if (busy.length) throw new AppError("conflict", `${busy[0].number} 号已叫，请先处理`);
    const updated = await tx
      .update(tickets)
      .set({
        status: "called",
        windowId,
        targetWindowId: null,
        calledAt: new Date(),
        recallCount: 0,
        note: input.reason,
      })
      .where(
        and(
          eq(tickets.id, input.ticketId),
          eq(tickets.hallId, input.actor.hallId),
          eq(tickets.serviceDate, today),
          eq(tickets.status, "waiting"),
          sql`${tickets.queueId} in (select queue_id from window_queues where window_id = ${windowId})`,
        ),
      )
      .returning({ id: tickets.id, number: tickets.number });
    if (updated.length === 0) throw new AppError("conflict", "该号不在本窗口的等候队列中，或已被叫");
    await publishQueueEvent(tx, {
      hallId: input.actor.hallId,
      kind: "called",
      ticketId: updated[0].id,
      ticketNumber: updated[0].number,
      windowNumber: number,
      actorId: input.actor.id,
      note: `跳号呼叫：${input.reason}`,
    });
    return (await selectTickets(tx, eq(tickets.id, updated[0].id)))[0].view;
  });
}

/** Lock the clerk's own ticket (at their window) in one of the given states. */
async function lockOwnTicket(
  tx: Tx,
  actor: Actor,
  ticketId: number,
  statuses: ("called" | "serving" | "parked" | "waiting")[],
) {
  const windowId = requireOwnWindow(actor);
  const [ticket] = await tx
    .select({
      id: tickets.id,
      number: tickets.number,
      status: tickets.status,
      windowId: tickets.windowId,
      queueId: tickets.queueId,
      recallCount: tickets.recallCount,
      priority: tickets.priority,
    })
    .from(tickets)
    .where(and(eq(tickets.id, ticketId), eq(tickets.hallId, actor.hallId)))
    .for("update");
  if (!ticket) throw new AppError("not_found", "没有这个号");
  const isOwn = ticket.windowId === windowId || ticket.status === "parked";
  if (!isOwn) throw new AppError("forbidden", "这个号不在您的窗口");
  if (!statuses.includes(ticket.status as never))
    throw new AppError("conflict", `${ticket.number} 号当前状态不能进行此操作`);
  return { ...ticket, ownWindowId: windowId, ownWindowNumber: await windowNumber(tx, windowId) };
}

type Change = { kind: QueueEventInput["kind"]; set: Partial<typeof tickets.$inferInsert>; note?: string };

async function changeTicket(input: {
  actor: Actor;
  ticketId: number;
  from: ("called" | "serving" | "parked" | "waiting")[];
  // Everything inside goes through `tx`: the outer `db` would deadlock PGlite.
  change: (t: Awaited<ReturnType<typeof lockOwnTicket>>, tx: Tx) => Change | Promise<Change>;
}) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const ticket = await lockOwnTicket(tx, input.actor, input.ticketId, input.from);
    const change = await input.change(ticket, tx);
    await tx.update(tickets).set(change.set).where(eq(tickets.id, ticket.id));
    await publishQueueEvent(tx, {
      hallId: input.actor.hallId,
      kind: change.kind,
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      windowNumber: ticket.ownWindowNumber,
      actorId: input.actor.id,
      note: change.note ?? null,
    });
    return (await selectTickets(tx, eq(tickets.id, ticket.id)))[0].view;
  });
}

/** Call the same ticket again; past the recall limit it is dropped as a no-show. */
export function recallTicket(input: { actor: Actor; ticketId: number }) {
  const limit = env().QUEUE_RECALL_LIMIT;
  return changeTicket({
    ...input,
    from: ["called"],
    change: (t) =>
      t.recallCount >= limit
        ? {
            kind: "no_show",
            set: { status: "no_show", finishedAt: new Date() },
            note: `重呼 ${limit} 次未到，自动过号`,
          }
        : { kind: "recalled", set: { recallCount: t.recallCount + 1, calledAt: new Date() } },
  });
}

export function markNoShow(input: { actor: Actor; ticketId: number }) {
  return changeTicket({
    ...input,
    from: ["called"],
    change: () => ({ kind: "no_show", set: { status: "no_show", finishedAt: new Date() } }),
  });
}

export function startService(input: { actor: Actor; ticketId: number }) {
  return changeTicket({
    ...input,
    from: ["called"],
    change: () => ({ kind: "started", set: { status: "serving", startedAt: new Date() } }),
  });
}

export function finishService(input: { actor: Actor; ticketId: number }) {
  return changeTicket({
    ...input,
    from: ["called", "serving"],
    change: () => ({ kind: "finished", set: { status: "done", finishedAt: new Date() } }),
  });
}

/** Set a ticket aside (the villager went to fetch a missing paper); it keeps its place. */
export function parkTicket(input: { actor: Actor; ticketId: number }) {
  return changeTicket({
    ...input,
    from: ["called", "serving"],
    change: () => ({ kind: "parked", set: { status: "parked", windowId: null } }),
  });
}

/** Back in line at its original place, to be called by this window first. */
export function unparkTicket(input: { actor: Actor; ticketId: number }) {
  return changeTicket({
    ...input,
    from: ["parked"],
    change: (t) => ({
      kind: "unparked",
      set: { status: "waiting", targetWindowId: t.ownWindowId, priority: Math.max(t.priority, PRIORITY.transferred) },
    }),
  });
}

/** Send a ticket to another queue or to one window; it goes ahead of walk-ins there. */
export async function transferTicket(input: { actor: Actor; ticketId: number; queue?: string; windowId?: number }) {
  if (!input.queue === !input.windowId)
    throw new AppError("invalid_input", "请选择转到的队列或窗口", { queue: "请选择转到的队列或窗口" });
  return changeTicket({
    ...input,
    from: ["called", "serving"],
    change: async (t, tx) => {
      const set: Partial<typeof tickets.$inferInsert> = {
        status: "waiting",
        windowId: null,
        calledAt: null,
        startedAt: null,
        recallCount: 0,
        priority: Math.max(t.priority, PRIORITY.transferred),
      };
      if (input.queue) {
        const [queue] = await tx
          .select({ id: queues.id, name: queues.name })
          .from(queues)
          .where(and(eq(queues.hallId, input.actor.hallId), eq(queues.prefix, input.queue)));
        if (!queue) throw new AppError("invalid_input", "没有这个队列", { queue: "没有这个队列" });
        return {
          kind: "transferred",
          set: { ...set, queueId: queue.id, targetWindowId: null },
          note: `转至 ${input.queue} ${queue.name}`,
        };
      }
      const [target] = await tx
        .select({ id: windows.id, number: windows.number })
        .from(windows)
        .where(and(eq(windows.hallId, input.actor.hallId), eq(windows.id, input.windowId!)));
      if (!target) throw new AppError("invalid_input", "没有这个窗口", { windowId: "没有这个窗口" });
      if (target.id === t.ownWindowId)
        throw new AppError("invalid_input", "不能转给本窗口", { windowId: "请选择其他窗口" });
      // The target window must be able to call it: move it into a queue that window serves.
      const [served] = await tx
        .select({ queueId: windowQueues.queueId })
        .from(windowQueues)
        .where(and(eq(windowQueues.windowId, target.id), eq(windowQueues.queueId, t.queueId)));
      const [anyQueue] = served
        ? [served]
        : await tx
            .select({ queueId: windowQueues.queueId })
            .from(windowQueues)
            .where(eq(windowQueues.windowId, target.id))
            .limit(1);
      return {
        kind: "transferred",
        set: { ...set, queueId: anyQueue.queueId, targetWindowId: target.id },
        note: `转至 ${target.number} 号窗口`,
      };
    },
  });
}

/** The clerk's screen: the ticket at the window, who waits for it (in calling order), who is parked. */
export async function getWindowDesk(input: { actor: Actor }) {
  const windowId = requireOwnWindow(input.actor);
  const db = await getDb();
  const today = shanghaiDate();
  const servedQueues = db
    .select({ id: windowQueues.queueId })
    .from(windowQueues)
    .where(eq(windowQueues.windowId, windowId));
  const [current, waiting, parked] = await Promise.all([
    selectTickets(
      db,
      and(
        eq(tickets.windowId, windowId),
        eq(tickets.serviceDate, today),
        inArray(tickets.status, ["called", "serving"]),
      ),
    ),
    selectTickets(
      db,
      and(
        eq(tickets.hallId, input.actor.hallId),
        eq(tickets.serviceDate, today),
        eq(tickets.status, "waiting"),
        inArray(tickets.queueId, servedQueues),
        or(isNull(tickets.targetWindowId), eq(tickets.targetWindowId, windowId)),
      ),
      [desc(tickets.priority), asc(tickets.createdAt), asc(tickets.id)],
    ),
    selectTickets(
      db,
      and(
        eq(tickets.hallId, input.actor.hallId),
        eq(tickets.serviceDate, today),
        eq(tickets.status, "parked"),
        inArray(tickets.queueId, servedQueues),
      ),
    ),
  ]);
  return { current: current[0]?.view ?? null, waiting: waiting.map((t) => t.view), parked: parked.map((t) => t.view) };
}

export interface QueueState {
  date: string;
  lastEventId: number;
  calling: { ticket: string; window: number; calledAt: string; recall: number }[];
  waiting: { queue: string; name: string; count: number; estimatedMinutes: number }[];
  recent: { ticket: string; window: number; calledAt: string }[];
  notice: string;
}

/** The hall's live queue as everyone may see it: no names, no personal data. */
export async function getQueueState(input: { hallId: number }): Promise<QueueState> {
  const db = await getDb();
  const today = shanghaiDate();
  const [queueRows, current, recent, [last]] = await Promise.all([
    db
      .select({
        id: queues.id,
        prefix: queues.prefix,
        name: queues.name,
        count: sql<number>`count(${tickets.id}) filter (where ${tickets.status} = 'waiting')::int`,
      })
      .from(queues)
      .leftJoin(tickets, and(eq(tickets.queueId, queues.id), eq(tickets.serviceDate, today)))
      .where(eq(queues.hallId, input.hallId))
      .groupBy(queues.id)
      .orderBy(asc(queues.sortOrder)),
    db
      .select({
        ticket: tickets.number,
        window: windows.number,
        calledAt: tickets.calledAt,
        recall: tickets.recallCount,
      })
      .from(tickets)
      .innerJoin(windows, eq(windows.id, tickets.windowId))
      .where(
        and(
          eq(tickets.hallId, input.hallId),
          eq(tickets.serviceDate, today),
          inArray(tickets.status, ["called", "serving"]),
        ),
      )
      .orderBy(asc(windows.number)),
    db
      .select({ ticket: tickets.number, window: windows.number, calledAt: tickets.calledAt })
      .from(tickets)
      .innerJoin(windows, eq(windows.id, tickets.windowId))
      .where(
        and(
          eq(tickets.hallId, input.hallId),
          eq(tickets.serviceDate, today),
          isNotNull(tickets.calledAt),
          gte(tickets.calledAt, sql`now() - interval '12 hours'`),
        ),
      )
      .orderBy(desc(tickets.calledAt))
      .limit(8),
    db
      .execute(sql`select coalesce(max(id), 0)::bigint as id from queue_events where hall_id = ${input.hallId}`)
      .then((r) => rowsOf<{ id: string | number }>(r)),
  ]);
  const waiting = await Promise.all(
    queueRows.map(async (q) => ({
      queue: q.prefix,
      name: q.name,
      count: q.count,
      estimatedMinutes: q.count === 0 ? 0 : await estimate(db, { queueId: q.id, today, ahead: q.count - 1 }),
    })),
  );
  return {
    date: today,
    lastEventId: Number(last?.id ?? 0),
    calling: current.map((c) => ({
      ticket: c.ticket,
      window: c.window,
      calledAt: c.calledAt!.toISOString(),
      recall: c.recall,
    })),
    waiting,
    recent: recent.map((r) => ({ ticket: r.ticket, window: r.window, calledAt: r.calledAt!.toISOString() })),
    notice: env().QUEUE_NOTICE,
  };
}

/** Where one ticket of today stands: for the villager's phone (no personal data). */
export async function getTicketProgress(input: { hallId: number; number: string }) {
  const db = await getDb();
  const today = shanghaiDate();
  const rows = await selectTickets(
    db,
    and(
      eq(tickets.hallId, input.hallId),
      eq(tickets.serviceDate, today),
      eq(tickets.number, input.number.toUpperCase()),
    ),
  );
  const ticket = rows[0];
  if (!ticket) throw new AppError("not_found", "今天没有这个号，请核对号码");
  const [full] = await db.select({ serviceDate: tickets.serviceDate }).from(tickets).where(eq(tickets.id, ticket.id));
  const ahead =
    ticket.status === "waiting"
      ? await countAhead(db, {
          id: ticket.id,
          queueId: ticket.queueId,
          priority: ticket.priority,
          createdAt: ticket.createdAt,
          serviceDate: full.serviceDate,
        })
      : 0;
  return {
    number: ticket.number,
    status: ticket.status,
    window: ticket.view.window,
    ahead,
    estimatedMinutes: ticket.status === "waiting" ? await estimate(db, { queueId: ticket.queueId, today, ahead }) : 0,
  };
}

/** Windows with the queues they call, for the API and the transfer choice. */
export async function listWindows(input: { hallId: number }) {
  const db = await getDb();
  const rows = await db
    .select({ id: windows.id, number: windows.number, name: windows.name, prefix: queues.prefix })
    .from(windows)
    .leftJoin(windowQueues, eq(windowQueues.windowId, windows.id))
    .leftJoin(queues, eq(queues.id, windowQueues.queueId))
    .where(and(eq(windows.hallId, input.hallId), eq(windows.isActive, true)))
    .orderBy(asc(windows.number), asc(queues.sortOrder));
  const byId = new Map<number, { id: number; number: number; name: string; queues: string[] }>();
  for (const r of rows) {
    const w = byId.get(r.id) ?? { id: r.id, number: r.number, name: r.name, queues: [] };
    if (r.prefix) w.queues.push(r.prefix);
    byId.set(r.id, w);
  }
  return [...byId.values()];
}
