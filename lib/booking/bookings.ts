import "server-only";
import { createHash } from "node:crypto";
import { and, asc, count, eq, gte, inArray, lt, ne, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import type { Db, Tx } from "@/db/connection";
import { uniqueViolation } from "@/db/errors";
import {
  bookings,
  serviceItems,
  serviceSessions,
  slots,
  villages,
  villageVisits,
  waitlistEntries,
  type Material,
} from "@/db/schema";
import {
  bookingWindow,
  getBookableItem,
  slotOffersItem,
  slotViewColumns,
  toSlotView,
  type BookableItem,
  type SlotView,
} from "@/lib/booking/availability";
import { isBookingCode, newBookingCode } from "@/lib/booking/code";
import { bookingSettings } from "@/lib/booking/settings";
import { decryptPii, lookupHash, sealIdNumber, sealPhone } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import { CHANNEL_LABEL, dateLabel } from "@/lib/format";
import { getCurrentHall } from "@/lib/hall";
import { enqueueSms } from "@/lib/notify";
import { addDays, shanghaiDate, shanghaiTime } from "@/lib/time";

export interface BookingRequest {
  service: string;
  slotId: number;
  name: string;
  phone: string;
  idNumber?: string;
}

export interface BookingView {
  code: string;
  status: "confirmed" | "cancelled" | "checked_in" | "no_show" | "completed";
  service: { code: string; name: string };
  slot: Omit<SlotView, "capacity" | "remaining">;
  name: string;
  phone: string;
  idNumber: string | null;
  materials: Material[];
  createdAt: string;
}

// Two keys for pg_advisory_xact_lock(int, int): this namespace and the phone's hash. Bookings of
// one phone are serialised, so the per-phone quotas hold however many requests race.
const PHONE_LOCK_NAMESPACE = 7_311_003;

async function lockPhone(tx: Tx, phoneHash: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(${PHONE_LOCK_NAMESPACE}, hashtext(${phoneHash}))`);
}

function requestHash(request: BookingRequest) {
  const canonical = JSON.stringify([
    request.service,
    request.slotId,
    request.name,
    request.phone,
    (request.idNumber ?? "").toUpperCase(),
  ]);
  return createHash("sha256").update(canonical).digest("base64url");
}

const bookingColumns = {
  ...slotViewColumns,
  bookingId: bookings.id,
  hallId: bookings.hallId,
  code: bookings.code,
  status: bookings.status,
  slotId: bookings.slotId,
  serviceItemId: bookings.serviceItemId,
  name: bookings.applicantName,
  phoneMasked: bookings.phoneMasked,
  phoneHash: bookings.phoneHash,
  idNumberMasked: bookings.idNumberMasked,
  requestHash: bookings.requestHash,
  createdAt: bookings.createdAt,
  serviceCode: serviceItems.code,
  serviceName: serviceItems.name,
  materials: serviceItems.materials,
};

async function selectBooking(tx: Db | Tx, where: ReturnType<typeof and>) {
  const [row] = await tx
    .select(bookingColumns)
    .from(bookings)
    .innerJoin(serviceItems, eq(serviceItems.id, bookings.serviceItemId))
    .innerJoin(slots, eq(slots.id, bookings.slotId))
    .innerJoin(serviceSessions, eq(serviceSessions.id, slots.sessionId))
    .leftJoin(villageVisits, eq(villageVisits.id, serviceSessions.villageVisitId))
    .leftJoin(villages, eq(villages.id, villageVisits.villageId))
    .where(where);
  return row;
}

type BookingRow = NonNullable<Awaited<ReturnType<typeof selectBooking>>>;

function toView(row: BookingRow): BookingView {
  const { capacity: _capacity, remaining: _remaining, ...slot } = toSlotView({ ...row, id: row.slotId });
  return {
    code: row.code,
    status: row.status,
    service: { code: row.serviceCode, name: row.serviceName },
    slot,
    name: row.name,
    phone: row.phoneMasked,
    idNumber: row.idNumberMasked,
    materials: row.materials,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The slot, locked by nothing yet, checked to offer the item now. */
async function checkSlotForItem(tx: Tx, input: { hallId: number; slotId: number; item: BookableItem }) {
  const [slot] = await tx
    .select({
      id: slots.id,
      startsAt: slots.startsAt,
      date: serviceSessions.date,
      channel: serviceSessions.channel,
      location: serviceSessions.location,
      offered: sql<boolean>`(${slotOffersItem(input.item)})`,
    })
    .from(slots)
    .innerJoin(serviceSessions, eq(serviceSessions.id, slots.sessionId))
    .leftJoin(villageVisits, eq(villageVisits.id, serviceSessions.villageVisitId))
    .where(and(eq(slots.hallId, input.hallId), eq(slots.id, input.slotId)));
  if (!slot) throw new AppError("invalid_input", "没有这个预约时段", { slotId: "没有这个预约时段，请重新选择" });
  if (!slot.offered)
    throw new AppError("invalid_input", "该时段不办理此事项", { slotId: "该时段不办理此事项，请重新选择" });
  const window = bookingWindow();
  const settings = bookingSettings();
  if (slot.startsAt < window.earliest) {
    throw new AppError("invalid_input", "该时段已过预约截止时间", {
      slotId: `需至少提前 ${settings.minNoticeMinutes} 分钟预约，请选择更晚的时段`,
    });
  }
  if (slot.date > window.lastDate) {
    throw new AppError("invalid_input", "该时段还未开放预约", {
      slotId: `只能预约 ${settings.horizonDays} 天内的时段`,
    });
  }
  return slot;
}

/** Three no-shows in 90 days suspend online booking for 30 days after the last one. */
async function assertNotSuspended(tx: Tx, input: { phoneHash: string; now: Date }) {
  const settings = bookingSettings();
  const since = new Date(input.now.getTime() - settings.noShowWindowDays * 86_400_000);
  const [row] = await tx
    .select({ n: count(), last: sql<Date | null>`max(${slots.startsAt})` })
    .from(bookings)
    .innerJoin(slots, eq(slots.id, bookings.slotId))
    .where(and(eq(bookings.phoneHash, input.phoneHash), eq(bookings.status, "no_show"), gte(slots.startsAt, since)));
  if (row.n >= settings.noShowLimit && row.last) {
    const until = addDays(shanghaiDate(new Date(row.last)), settings.suspensionDays);
    if (shanghaiDate(input.now) < until) {
      throw new AppError(
        "booking_suspended",
        `您近 ${settings.noShowWindowDays} 天内有 ${row.n} 次预约未到，网上预约暂停至 ${dateLabel(until)}。期间可直接到服务中心窗口取号办理。`,
      );
    }
  }
}

/** One active booking per phone per item per day, and at most N active bookings per phone. */
async function assertWithinQuota(
  tx: Tx,
  input: { phoneHash: string; itemId: number; date: string; excludeBookingId?: number },
) {
  const settings = bookingSettings();
  const rows = await tx
    .select({ itemId: bookings.serviceItemId, date: serviceSessions.date })
    .from(bookings)
    .innerJoin(slots, eq(slots.id, bookings.slotId))
    .innerJoin(serviceSessions, eq(serviceSessions.id, slots.sessionId))
    .where(
      and(
        eq(bookings.phoneHash, input.phoneHash),
        eq(bookings.status, "confirmed"),
        gte(slots.endsAt, new Date()),
        input.excludeBookingId ? ne(bookings.id, input.excludeBookingId) : undefined,
      ),
    );
  if (rows.some((r) => r.itemId === input.itemId && r.date === input.date)) throw new AppError("duplicate_booking");
  if (input.excludeBookingId === undefined && rows.length >= settings.maxActivePerPhone) {
    throw new AppError(
      "quota_exceeded",
      `每个手机号最多同时保留 ${settings.maxActivePerPhone} 个有效预约，请先办理或取消已有预约`,
    );
  }
}

/** Take one online seat of the slot, or fail with slot_full: the conditional UPDATE is the lock. */
async function takeSeat(tx: Tx, slotId: number) {
  const taken = await tx
    .update(slots)
    .set({ booked: sql`${slots.booked} + 1` })
    .where(and(eq(slots.id, slotId), sql`${slots.booked} < ${slots.onlineCapacity}`))
    .returning({ id: slots.id });
  if (taken.length === 0) throw new AppError("slot_full");
}

function confirmationText(view: { code: string; serviceName: string; date: string; start: string; location: string }) {
  return `您已预约“${view.serviceName}”，时间 ${dateLabel(view.date)} ${view.start}，地点：${view.location}。预约码 ${view.code}，请凭预约码签到。`;
}

/**
 * A freed seat goes to the first person on the slot's waitlist, in the same transaction;
 * without anyone waiting it returns to the slot.
 */
async function releaseSeat(tx: Tx, input: { hallId: number; slotId: number }) {
  const [next] = await tx
    .select()
    .from(waitlistEntries)
    .where(and(eq(waitlistEntries.slotId, input.slotId), eq(waitlistEntries.status, "waiting")))
    .orderBy(asc(waitlistEntries.id))
    .limit(1)
    .for("update", { skipLocked: true });
  if (!next) {
    await tx
      .update(slots)
      .set({ booked: sql`${slots.booked} - 1` })
      .where(eq(slots.id, input.slotId));
    return null;
  }
  const code = newBookingCode();
  const [created] = await tx
    .insert(bookings)
    .values({
      hallId: input.hallId,
      code,
      serviceItemId: next.serviceItemId,
      slotId: input.slotId,
      applicantName: next.applicantName,
      phoneEnc: next.phoneEnc,
      phoneHash: next.phoneHash,
      phoneMasked: next.phoneMasked,
      idNumberEnc: next.idNumberEnc,
      idNumberHash: next.idNumberHash,
      idNumberMasked: next.idNumberMasked,
    })
    .returning({ id: bookings.id });
  await tx
    .update(waitlistEntries)
    .set({ status: "booked", bookingId: created.id })
    .where(eq(waitlistEntries.id, next.id));
  const row = await selectBooking(tx, eq(bookings.id, created.id));
  await enqueueSms(tx, {
    hallId: input.hallId,
    kind: "waitlist_seat",
    bookingId: created.id,
    phone: decryptPii(next.phoneEnc),
    body: `候补成功！${confirmationText({ code, serviceName: row!.serviceName, date: row!.date, start: shanghaiTime(row!.startsAt), location: row!.location })}`,
  });
  return { bookingId: created.id, code };
}

/**
 * Book a seat. The seat is taken with a conditional UPDATE (never more than the online capacity,
 * backed by a CHECK), under a per-phone advisory lock for the quotas; the same Idempotency-Key
 * with the same body answers with the booking it made, with another body 422.
 */
export async function createBooking(input: {
  request: BookingRequest;
  idempotencyKey?: string;
}): Promise<{ booking: BookingView; replayed: boolean }> {
  const db = await getDb();
  const hall = await getCurrentHall();
  const { request, idempotencyKey } = input;
  const hash = requestHash(request);

  const replay = async (from: Db | Tx) => {
    if (!idempotencyKey) return null;
    const existing = await selectBooking(
      from,
      and(eq(bookings.hallId, hall.id), eq(bookings.idempotencyKey, idempotencyKey)),
    );
    if (!existing) return null;
    if (existing.requestHash !== hash) throw new AppError("idempotency_mismatch");
    return { booking: toView(existing), replayed: true };
  };

  const earlier = await replay(db);
  if (earlier) return earlier;

  const attempt = () =>
    db.transaction(async (tx) => {
      const phoneHash = lookupHash("phone", request.phone);
      await lockPhone(tx, phoneHash);
      // A retry of the same request (same key, so the same phone) may have committed while this
      // one waited for the lock: answer with that booking.
      const committed = await replay(tx);
      if (committed) return committed;
      const item = await getBookableItem(tx, { hallId: hall.id, code: request.service });
      const slot = await checkSlotForItem(tx, { hallId: hall.id, slotId: request.slotId, item });
      await assertNotSuspended(tx, { phoneHash, now: new Date() });
      await assertWithinQuota(tx, { phoneHash, itemId: item.id, date: slot.date });
      await takeSeat(tx, slot.id);
      const code = newBookingCode();
      const [created] = await tx
        .insert(bookings)
        .values({
          hallId: hall.id,
          code,
          serviceItemId: item.id,
          slotId: slot.id,
          applicantName: request.name,
          ...sealPhone(request.phone),
          ...sealIdNumber(request.idNumber),
          idempotencyKey: idempotencyKey ?? null,
          requestHash: hash,
        })
        .returning({ id: bookings.id });
      await enqueueSms(tx, {
        hallId: hall.id,
        kind: "confirmation",
        bookingId: created.id,
        phone: request.phone,
        body: confirmationText({
          code,
          serviceName: item.name,
          date: slot.date,
          start: shanghaiTime(slot.startsAt),
          location: slot.location,
        }),
      });
      const row = await selectBooking(tx, eq(bookings.id, created.id));
      return { booking: toView(row!), replayed: false };
    });

  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      const constraint = uniqueViolation(error);
      // A retry with the same key raced this one and won: answer with its booking.
      if (constraint === "bookings_idempotency_uq") {
        const winner = await replay(db);
        if (winner) return winner;
      }
      // A new code collided with an existing one (1 in ~10^8): try again with another.
      if (constraint === "bookings_code_uq" && tries < 3) continue;
      throw error;
    }
  }
}

function normalizeCode(code: string) {
  const upper = code.trim().toUpperCase();
  if (!isBookingCode(upper)) throw new AppError("not_found", "没有找到预约，请核对预约码和手机号");
  return upper;
}

/** A villager's own booking: by its code and the phone it was made with. */
export async function getBooking(input: { code: string; owner: BookingOwner }): Promise<BookingView> {
  const db = await getDb();
  const hall = await getCurrentHall();
  const code = normalizeCode(input.code);
  const phoneHash = ownerHash(input.owner);
  const row = await selectBooking(
    db,
    and(eq(bookings.hallId, hall.id), eq(bookings.code, code), eq(bookings.phoneHash, phoneHash)),
  );
  if (!row) throw new AppError("not_found", "没有找到预约，请核对预约码和手机号");
  return toView(row);
}

/** Who may change a booking: the phone it was made with, or that phone's keyed hash. */
export type BookingOwner = { phone: string } | { phoneHash: string };

const ownerHash = (owner: BookingOwner) => ("phoneHash" in owner ? owner.phoneHash : lookupHash("phone", owner.phone));

async function lockOwnBooking(tx: Tx, input: { hallId: number; code: string; owner: BookingOwner }) {
  const phoneHash = ownerHash(input.owner);
  await lockPhone(tx, phoneHash);
  const [locked] = await tx
    .select({ id: bookings.id, phoneEnc: bookings.phoneEnc })
    .from(bookings)
    .where(and(eq(bookings.hallId, input.hallId), eq(bookings.code, input.code), eq(bookings.phoneHash, phoneHash)))
    .for("update");
  if (!locked) throw new AppError("not_found", "没有找到预约，请核对预约码和手机号");
  const row = (await selectBooking(tx, eq(bookings.id, locked.id)))!;
  if (row.status !== "confirmed") {
    const message =
      {
        cancelled: "该预约已取消",
        checked_in: "该预约已签到，不能再修改",
        no_show: "该预约已过期（未到）",
        completed: "该预约已办结",
      }[row.status as string] ?? "该预约已不能修改";
    throw new AppError("booking_closed", message);
  }
  if (row.startsAt <= new Date())
    throw new AppError("booking_closed", "预约时段已开始，不能再修改；如需办理请直接到现场");
  return { ...row, phone: decryptPii(locked.phoneEnc) };
}

/** Cancel by code and phone; the seat goes to the waitlist or back to the slot. */
export async function cancelBooking(input: { code: string; owner: BookingOwner }): Promise<BookingView> {
  const db = await getDb();
  const hall = await getCurrentHall();
  const code = normalizeCode(input.code);
  return db.transaction(async (tx) => {
    const row = await lockOwnBooking(tx, { hallId: hall.id, code, owner: input.owner });
    await tx
      .update(bookings)
      .set({ status: "cancelled", cancelledAt: new Date() })
      .where(eq(bookings.id, row.bookingId));
    await releaseSeat(tx, { hallId: hall.id, slotId: row.slotId });
    await enqueueSms(tx, {
      hallId: hall.id,
      kind: "cancellation",
      bookingId: row.bookingId,
      phone: row.phone,
      body: `您预约的“${row.serviceName}”（${dateLabel(row.date)} ${shanghaiTime(row.startsAt)}，预约码 ${row.code}）已取消。`,
    });
    return toView((await selectBooking(tx, eq(bookings.id, row.bookingId)))!);
  });
}

/** Move a booking to another slot, keeping its code, name and ID number. */
export async function rescheduleBooking(input: {
  code: string;
  owner: BookingOwner;
  slotId: number;
}): Promise<BookingView> {
  const db = await getDb();
  const hall = await getCurrentHall();
  const code = normalizeCode(input.code);
  return db.transaction(async (tx) => {
    const row = await lockOwnBooking(tx, { hallId: hall.id, code, owner: input.owner });
    if (row.slotId === input.slotId)
      throw new AppError("invalid_input", "新时段与原时段相同", { slotId: "请选择一个不同的时段" });
    const item = await getBookableItem(tx, { hallId: hall.id, code: row.serviceCode });
    const slot = await checkSlotForItem(tx, { hallId: hall.id, slotId: input.slotId, item });
    await assertWithinQuota(tx, {
      phoneHash: row.phoneHash,
      itemId: item.id,
      date: slot.date,
      excludeBookingId: row.bookingId,
    });
    await takeSeat(tx, slot.id);
    await tx.update(bookings).set({ slotId: slot.id }).where(eq(bookings.id, row.bookingId));
    await releaseSeat(tx, { hallId: hall.id, slotId: row.slotId });
    await enqueueSms(tx, {
      hallId: hall.id,
      kind: "rescheduled",
      bookingId: row.bookingId,
      phone: row.phone,
      body: `改约成功。${confirmationText({ code: row.code, serviceName: item.name, date: slot.date, start: shanghaiTime(slot.startsAt), location: slot.location })}`,
    });
    return toView((await selectBooking(tx, eq(bookings.id, row.bookingId)))!);
  });
}

export interface WaitlistView {
  id: number;
  position: number;
  service: { code: string; name: string };
  slot: { id: number; channel: string; date: string; start: string; location: string };
  phone: string;
}

/** Join the waitlist of a full slot; the same rules as booking apply to who may join. */
export async function joinWaitlist(input: { request: BookingRequest }): Promise<WaitlistView> {
  const db = await getDb();
  const hall = await getCurrentHall();
  const { request } = input;
  try {
    return await db.transaction(async (tx) => {
      const phoneHash = lookupHash("phone", request.phone);
      await lockPhone(tx, phoneHash);
      const item = await getBookableItem(tx, { hallId: hall.id, code: request.service });
      const slot = await checkSlotForItem(tx, { hallId: hall.id, slotId: request.slotId, item });
      await assertNotSuspended(tx, { phoneHash, now: new Date() });
      await assertWithinQuota(tx, { phoneHash, itemId: item.id, date: slot.date });
      const [state] = await tx
        .select({ booked: slots.booked, onlineCapacity: slots.onlineCapacity })
        .from(slots)
        .where(eq(slots.id, slot.id))
        .for("update");
      if (state.booked < state.onlineCapacity) throw new AppError("slot_available");
      const [entry] = await tx
        .insert(waitlistEntries)
        .values({
          hallId: hall.id,
          slotId: slot.id,
          serviceItemId: item.id,
          applicantName: request.name,
          ...sealPhone(request.phone),
          ...sealIdNumber(request.idNumber),
        })
        .returning({ id: waitlistEntries.id });
      const [{ position }] = await tx
        .select({ position: count() })
        .from(waitlistEntries)
        .where(
          and(
            eq(waitlistEntries.slotId, slot.id),
            eq(waitlistEntries.status, "waiting"),
            sql`${waitlistEntries.id} <= ${entry.id}`,
          ),
        );
      const start = shanghaiTime(slot.startsAt);
      await enqueueSms(tx, {
        hallId: hall.id,
        kind: "waitlist_joined",
        bookingId: null,
        phone: request.phone,
        body: `您已登记“${item.name}”${dateLabel(slot.date)} ${start} 的候补，当前第 ${position} 位。有空位时将自动为您预约并短信通知。`,
      });
      return {
        id: entry.id,
        position,
        service: { code: item.code, name: item.name },
        slot: { id: slot.id, channel: CHANNEL_LABEL[slot.channel], date: slot.date, start, location: slot.location },
        phone: sealPhone(request.phone).phoneMasked,
      };
    });
  } catch (error) {
    if (uniqueViolation(error) === "waitlist_one_per_phone_uq")
      throw new AppError("duplicate_booking", "您已在该时段的候补名单中");
    throw error;
  }
}

/**
 * Confirmed bookings whose slot ended without a check-in become no-shows; waitlist entries of
 * past slots expire. Run by the background job.
 */
export async function sweepNoShows(input: { now?: Date } = {}) {
  const db = await getDb();
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const past = tx.select({ id: slots.id }).from(slots).where(lt(slots.endsAt, now));
    const noShows = await tx
      .update(bookings)
      .set({ status: "no_show" })
      .where(and(eq(bookings.status, "confirmed"), inArray(bookings.slotId, past)))
      .returning({ id: bookings.id });
    const expired = await tx
      .update(waitlistEntries)
      .set({ status: "expired" })
      .where(and(eq(waitlistEntries.status, "waiting"), inArray(waitlistEntries.slotId, past)))
      .returning({ id: waitlistEntries.id });
    return { noShows: noShows.length, expired: expired.length };
  });
}
