import "server-only";
import { and, eq, gte, inArray, ne, or, sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/connection";
import { precompiled } from "@/db/precompiled";
import { bookings, serviceItems, serviceSessions, slots, villages, villageVisits, type Channel } from "@/db/schema";
import { bookingWindow, getBookableItem, slotOffersItem, type BookableItem } from "@/lib/booking/bookable-item";
import { selectBookings, toBookingView } from "@/lib/booking/booking-view";
import { checkCodeStatement, NO_CODE_CHECK, type CodeCheck, type CodeCheckValues } from "@/lib/booking/phone-code";
import { bookingSettings } from "@/lib/booking/settings";
import { maskName } from "@/lib/crypto";
import { AppError, type ProblemDetails } from "@/lib/errors";
import { dateLabel } from "@/lib/format";
import { addDays, shanghaiDate } from "@/lib/time";

// The rules a booking (and a place on a waitlist) must pass, each inside the caller's transaction.

// Two keys for pg_advisory_xact_lock(int, int): this namespace and the phone's hash. Bookings of
// one phone are serialised, so the per-phone quotas hold however many requests race.
const PHONE_LOCK_NAMESPACE = 7_311_003;
// The same for the applicant's key (applicantKey): bookings for one person from several phones.
const APPLICANT_LOCK_NAMESPACE = 7_311_004;

export async function lockPhone(tx: Tx, phoneHash: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(${PHONE_LOCK_NAMESPACE}, hashtext(${phoneHash}))`);
}

/**
 * The phone's lock if nobody holds it now. For a second phone in one transaction (a waitlist
 * promotion under the canceller's lock): waiting for it could deadlock with that phone's own
 * cancellation promoting the first.
 */
export async function tryLockPhone(tx: Tx, phoneHash: string): Promise<boolean> {
  const [row] = rowsOf<{ locked: boolean }>(
    await tx.execute(sql`select pg_try_advisory_xact_lock(${PHONE_LOCK_NAMESPACE}, hashtext(${phoneHash})) as locked`),
  );
  return row.locked;
}

/** The slot, locked by nothing yet, checked to offer the item now. */
export async function checkSlotForItem(tx: Tx, input: { hallId: number; slotId: number; item: BookableItem }) {
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
  return assertSlotBookable(slot ?? null);
}

/** The slot exists, offers the item and lies within the booking window now. */
function assertSlotBookable<S extends { offered: boolean; startsAt: Date; date: string }>(slot: S | null): S {
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
function assertNoShowsAllow(row: { n: number; last: Date | null }, now: Date) {
  const settings = bookingSettings();
  if (row.n >= settings.noShowLimit && row.last) {
    const until = addDays(shanghaiDate(row.last), settings.suspensionDays);
    if (shanghaiDate(now) < until) {
      throw new AppError(
        "booking_suspended",
        `您近 ${settings.noShowWindowDays} 天内有 ${row.n} 次预约未到，网上预约暂停至 ${dateLabel(until)}。期间可直接到服务中心窗口取号办理。`,
      );
    }
  }
}

/**
 * Who a booking is for, as the bookings table's generated column applicant_key computes it (keep
 * the two the same): the ID number's keyed hash when given; else, for 本人 without an ID number,
 * the phone's keyed hash and the name. A 代办 booking always carries the applicant's ID number.
 */
export interface Applicant {
  phoneHash: string;
  idNumberHash: string | null;
  name: string;
}

export const applicantKey = (a: Applicant) => (a.idNumberHash ? `id:${a.idNumberHash}` : `pn:${a.phoneHash}:${a.name}`);

/**
 * The applicant's lock, taken after the phone's (always in that order, so that two bookings never
 * wait for each other): bookings for one person from several phones are serialised too.
 */
export async function lockApplicant(tx: Tx, key: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(${APPLICANT_LOCK_NAMESPACE}, hashtext(${key}))`);
}

/** The applicant's lock if nobody holds it now (a waitlist promotion, see tryLockPhone). */
export async function tryLockApplicant(tx: Tx, key: string): Promise<boolean> {
  const [row] = rowsOf<{ locked: boolean }>(
    await tx.execute(sql`select pg_try_advisory_xact_lock(${APPLICANT_LOCK_NAMESPACE}, hashtext(${key})) as locked`),
  );
  return row.locked;
}

/** What makes a booking count: confirmed and its slot not yet over. */
const isActive = () => and(eq(bookings.status, "confirmed"), gte(slots.endsAt, new Date()));

/**
 * The quotas, under the phone's and the applicant's locks: one active booking per applicant per
 * item per day (a child may book the same item on the same day for both parents), at most
 * BOOKING_MAX_ACTIVE_PER_APPLICANT active bookings per applicant, whichever phone made them, and
 * at most BOOKING_MAX_ACTIVE_PER_PHONE per booker's phone (a family's ceiling). A reschedule
 * (`excludeBookingId`) adds no booking: only the day's rule applies.
 */
export async function assertWithinQuota(
  tx: Tx,
  input: {
    applicant: Applicant;
    itemId: number;
    date: string;
    excludeBookingId?: number;
    /** The phone proved itself (this attempt's SMS code was right): a refusal lists the bookings that fill the quota. */
    listFilling?: boolean;
  },
) {
  const key = applicantKey(input.applicant);
  const rows = await tx
    .select({
      id: bookings.id,
      itemId: bookings.serviceItemId,
      date: serviceSessions.date,
      phoneHash: bookings.phoneHash,
      applicantKey: bookings.applicantKey,
    })
    .from(bookings)
    .innerJoin(slots, eq(slots.id, bookings.slotId))
    .innerJoin(serviceSessions, eq(serviceSessions.id, slots.sessionId))
    .where(
      and(
        or(eq(bookings.phoneHash, input.applicant.phoneHash), eq(bookings.applicantKey, key)),
        isActive(),
        input.excludeBookingId ? ne(bookings.id, input.excludeBookingId) : undefined,
      ),
    );
  await assertQuotaAllows(tx, { ...input, rows });
}

/** The quotas (see assertWithinQuota) judged on the active bookings of the phone and the applicant. */
async function assertQuotaAllows(
  tx: Tx,
  input: {
    rows: ActiveBooking[];
    applicant: Applicant;
    itemId: number;
    date: string;
    excludeBookingId?: number;
    listFilling?: boolean;
  },
) {
  const { rows } = input;
  const settings = bookingSettings();
  const key = applicantKey(input.applicant);
  const ofApplicant = rows.filter((r) => r.applicantKey === key);
  if (ofApplicant.some((r) => r.itemId === input.itemId && r.date === input.date)) {
    throw new AppError("duplicate_booking", `${maskName(input.applicant.name)} 当天已预约过这个事项，无需重复预约`);
  }
  if (input.excludeBookingId !== undefined) return;
  if (ofApplicant.length >= settings.maxActivePerApplicant) {
    throw new AppError(
      "quota_exceeded",
      `${maskName(input.applicant.name)} 已有 ${ofApplicant.length} 个有效预约：每人最多同时保留 ${settings.maxActivePerApplicant} 个，请先办理或取消已有预约`,
      undefined,
      { details: await fillingDetails(tx, input, ofApplicant) },
    );
  }
  const ofPhone = rows.filter((r) => r.phoneHash === input.applicant.phoneHash);
  if (ofPhone.length >= settings.maxActivePerPhone) {
    throw new AppError(
      "quota_exceeded",
      `这个手机号码已有 ${ofPhone.length} 个有效预约：每个手机号（含帮家人预约）最多同时保留 ${settings.maxActivePerPhone} 个，请先办理或取消已有预约`,
      undefined,
      { details: await fillingDetails(tx, input, ofPhone) },
    );
  }
}

/**
 * The bookings that fill a quota, for the phone that proved itself: those it made are listed
 * (masked name, code), those another phone made for the same applicant only counted.
 */
async function fillingDetails(
  tx: Tx,
  input: { applicant: Applicant; listFilling?: boolean },
  filling: { id: number; phoneHash: string }[],
): Promise<ProblemDetails | undefined> {
  if (!input.listFilling) return undefined;
  const own = filling.filter((r) => r.phoneHash === input.applicant.phoneHash).map((r) => r.id);
  const rows = own.length ? await selectBookings(tx, inArray(bookings.id, own)) : [];
  return {
    bookings: rows.map(toBookingView).map((b) => ({
      code: b.code,
      service: b.service,
      date: b.slot.date,
      start: b.slot.start,
      end: b.slot.end,
      name: maskName(b.name),
    })),
    otherPhoneBookings: filling.length - own.length,
  };
}

/** A booking an earlier request with the same Idempotency-Key made: its id and its body's fingerprint. */
export interface EarlierBooking {
  id: number;
  requestHash: string | null;
}

export interface SlotFacts {
  id: number;
  startsAt: Date;
  endsAt: Date;
  date: string;
  channel: Channel;
  location: string;
  villageCode: string | null;
  villageName: string | null;
  theme: string | null;
  offered: boolean;
}

type ActiveBooking = { id: number; itemId: number; date: string; phoneHash: string; applicantKey: string };

/** What the checks of a new booking read, all in one statement (one round trip). */
export interface BookingFacts {
  item: BookableItem;
  slot: SlotFacts | null;
  noShows: { n: number; last: Date | null };
  active: ActiveBooking[];
  earlier: EarlierBooking | null;
  /** What checkCodeStatement answered for the booking's SMS code; null without a code to check. */
  codeCheck: CodeCheck | null;
}

interface FactsJson {
  slot: (Omit<SlotFacts, "startsAt" | "endsAt"> & { startsAt: string; endsAt: string }) | null;
  no_shows: { n: number; last: string | null };
  active: ActiveBooking[];
  item_version: number | null;
  earlier: EarlierBooking | null;
  code_check: CodeCheck | null;
}

/**
 * The statement of readBookingFacts, built once per item and version (which channels and
 * categories offer the item are constants of its text; every other value is bound at each run).
 */
function factsStatement(item: BookableItem) {
  const key = `${item.id}:${item.version}`;
  let statement = factsStatements.get(key);
  if (!statement) {
    if (factsStatements.size >= 1000) factsStatements.clear();
    statement = precompiled<FactsValue>(
      (value) => sql`with checked_code as (${checkCodeStatement(value)})
      select
      (select json_build_object(
          'id', ${slots.id}, 'startsAt', ${slots.startsAt}, 'endsAt', ${slots.endsAt},
          'date', ${serviceSessions.date}, 'channel', ${serviceSessions.channel},
          'location', ${serviceSessions.location}, 'villageCode', ${villages.code},
          'villageName', ${villages.name}, 'theme', ${villageVisits.theme},
          'offered', (${slotOffersItem(item)}))
        from ${slots}
        join ${serviceSessions} on ${serviceSessions.id} = ${slots.sessionId}
        left join ${villageVisits} on ${villageVisits.id} = ${serviceSessions.villageVisitId}
        left join ${villages} on ${villages.id} = ${villageVisits.villageId}
        where ${slots.hallId} = ${value("hallId")} and ${slots.id} = ${value("slotId")}) as slot,
      (select json_build_object('n', count(*), 'last', max(${slots.startsAt}))
        from ${bookings} join ${slots} on ${slots.id} = ${bookings.slotId}
        where ${bookings.phoneHash} = ${value("applicantPhoneHash")} and ${bookings.status} = 'no_show'
          and ${slots.startsAt} >= ${value("since")}::timestamptz) as no_shows,
      (select coalesce(json_agg(json_build_object(
          'id', ${bookings.id}, 'itemId', ${bookings.serviceItemId}, 'date', ${serviceSessions.date},
          'phoneHash', ${bookings.phoneHash}, 'applicantKey', ${bookings.applicantKey})), '[]')
        from ${bookings}
        join ${slots} on ${slots.id} = ${bookings.slotId}
        join ${serviceSessions} on ${serviceSessions.id} = ${slots.sessionId}
        where (${bookings.phoneHash} = ${value("applicantPhoneHash")} or ${bookings.applicantKey} = ${value("applicantKey")})
          and ${bookings.status} = 'confirmed' and ${slots.endsAt} >= ${value("now")}::timestamptz) as active,
      (select ${serviceItems.version} from ${serviceItems} where ${serviceItems.id} = ${value("itemId")}) as item_version,
      (select json_build_object('id', ${bookings.id}, 'requestHash', ${bookings.requestHash})
        from ${bookings}
        where ${bookings.hallId} = ${value("hallId")} and ${bookings.idempotencyKey} = ${value("idempotencyKey")}) as earlier,
      (select json_build_object('id', id, 'ok', ok, 'wrong_tries', wrong_tries) from checked_code) as code_check`,
    );
    factsStatements.set(key, statement);
  }
  return statement;
}
type FactsValue =
  | "hallId"
  | "slotId"
  | "applicantPhoneHash"
  | "since"
  | "applicantKey"
  | "now"
  | "itemId"
  | "idempotencyKey"
  | keyof CodeCheckValues;
const factsStatements = new Map<string, ReturnType<typeof precompiled<FactsValue>>>();

async function selectBookingFacts(
  tx: Tx,
  input: {
    hallId: number;
    slotId: number;
    item: BookableItem;
    applicant: Applicant;
    idempotencyKey?: string;
    codeCheck: CodeCheckValues;
  },
  now: Date,
): Promise<FactsJson> {
  const since = new Date(now.getTime() - bookingSettings().noShowWindowDays * 86_400_000).toISOString();
  const [row] = rowsOf<FactsJson>(
    await factsStatement(input.item)(tx, {
      hallId: input.hallId,
      slotId: input.slotId,
      applicantPhoneHash: input.applicant.phoneHash,
      since,
      applicantKey: applicantKey(input.applicant),
      now: now.toISOString(),
      itemId: input.item.id,
      idempotencyKey: input.idempotencyKey ?? null,
      ...input.codeCheck,
    }),
  );
  return row;
}

/**
 * Everything the checks of a new booking need, read under the phone's and the applicant's locks
 * (lockBooking) in one statement: the item (from this instance's cache, its version compared in
 * the same statement: a cached copy an admin changed meanwhile is read again), the slot, the
 * phone's no-shows, the applicant's and the phone's active bookings, and the booking an earlier
 * request with the same Idempotency-Key made; with `codeCheck` (codeToCheck), the villager's SMS code
 * checked too (checkCodeStatement, once, whatever the statement's re-read). assertNewBooking then
 * judges them.
 */
export async function readBookingFacts(
  tx: Tx,
  input: {
    hallId: number;
    applicant: Applicant;
    service: string;
    slotId: number;
    idempotencyKey?: string;
    codeCheck?: CodeCheckValues | null;
  },
): Promise<BookingFacts> {
  const now = new Date();
  const codeCheck = input.codeCheck ?? NO_CODE_CHECK;
  let item = await getBookableItem(tx, { hallId: input.hallId, code: input.service, isRefusalRead: true });
  let row = await selectBookingFacts(tx, { ...input, item, codeCheck }, now);
  const checked = row.code_check;
  // A code checked and found wrong refuses the booking before the item matters (createBooking
  // then commits the counted try): no second read, whose item could refuse first and roll it back.
  const codeRefuses = Boolean(input.codeCheck) && !checked?.ok;
  if (row.item_version !== item.version && !codeRefuses) {
    item = await getBookableItem(tx, { hallId: input.hallId, code: input.service, fresh: true });
    row = await selectBookingFacts(tx, { ...input, item, codeCheck: NO_CODE_CHECK }, now);
  }
  return {
    item,
    slot: row.slot ? { ...row.slot, startsAt: new Date(row.slot.startsAt), endsAt: new Date(row.slot.endsAt) } : null,
    noShows: { n: Number(row.no_shows.n), last: row.no_shows.last ? new Date(row.no_shows.last) : null },
    active: row.active,
    earlier: row.earlier,
    codeCheck: checked,
  };
}

/**
 * The rules a new booking, a place on a waitlist and a promotion from the waitlist share, judged on
 * what readBookingFacts read: the slot offers the item within the booking window, the phone is not
 * suspended, and the applicant and the phone are within their quotas. Answers the slot.
 */
export async function assertNewBooking(
  tx: Tx,
  input: { facts: BookingFacts; applicant: Applicant; listFilling?: boolean },
): Promise<SlotFacts> {
  const { facts } = input;
  const slot = assertSlotBookable(facts.slot);
  assertNoShowsAllow(facts.noShows, new Date());
  await assertQuotaAllows(tx, {
    rows: facts.active,
    applicant: input.applicant,
    itemId: facts.item.id,
    date: slot.date,
    listFilling: input.listFilling,
  });
  return slot;
}

/** readBookingFacts and assertNewBooking: the item and the slot of a booking that passes the rules. */
export async function checkNewBooking(
  tx: Tx,
  input: { hallId: number; applicant: Applicant; service: string; slotId: number; listFilling?: boolean },
) {
  const facts = await readBookingFacts(tx, input);
  const slot = await assertNewBooking(tx, { facts, applicant: input.applicant, listFilling: input.listFilling });
  return { item: facts.item, slot };
}

/** Set for the rest of a booking's transaction by lockBooking; the seat statement runs only under it. */
export const IN_BOOKING_SETTING = "yichuang.in_booking";

/**
 * The locks of a new booking, in their fixed order: the booker's phone, then the applicant. One
 * statement (one round trip): PostgreSQL evaluates a select list from left to right. The checks
 * must be a later statement: a statement's snapshot is taken before it waits for a lock. It also
 * marks the transaction as a booking's (IN_BOOKING_SETTING, until its end): bookSeat's statement
 * refuses to run without the mark, that is outside the transaction whose locks and checks it needs.
 */
export async function lockBooking(tx: Tx, applicant: Applicant) {
  await tx.execute(
    sql`select set_config(${IN_BOOKING_SETTING}, 'on', true),
      pg_advisory_xact_lock(${PHONE_LOCK_NAMESPACE}, hashtext(${applicant.phoneHash})),
      pg_advisory_xact_lock(${APPLICANT_LOCK_NAMESPACE}, hashtext(${applicantKey(applicant)}))`,
  );
}
