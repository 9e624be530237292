import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  auditLog,
  bookings,
  halls,
  serviceItems,
  serviceSessions,
  slots,
  smsOutbox,
  staffUsers,
  windows,
  type StaffRole,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { newBookingCode } from "@/lib/booking/code";
import { decryptPii, maskPhone, sealPhone } from "@/lib/crypto";
import { requestPhoneCode } from "@/lib/booking/request-phone-code";
import { hashPassword } from "@/lib/auth/password";
import { ensureSessions } from "@/lib/booking/sessions";
import { addDays, atShanghai, isStateWorkday, shanghaiDate } from "@/lib/time";

export const unique = (prefix: string) => `${prefix}${randomBytes(4).toString("hex")}`;

/** A case-number prefix no other test hall has: six capital letters. */
export const uniqueCasePrefix = () => Array.from(randomBytes(6), (b) => String.fromCharCode(65 + (b % 26))).join("");

/** The hall the test database was seeded with. */
export async function testHall(): Promise<{ id: number; address: string }> {
  const db = await getDb();
  const [hall] = await db
    .select({ id: halls.id, address: halls.address })
    .from(halls)
    .where(eq(halls.code, "qianchuan"));
  return hall;
}

export async function testHallId(): Promise<number> {
  return (await testHall()).id;
}

/** A staff account of its own for one test. */
export async function createStaff(input: {
  role: StaffRole;
  password?: string;
  departmentId?: number | null;
  windowId?: number | null;
  /** Another hall than the seeded one (see test/support/queue-hall.ts). */
  hallId?: number;
}) {
  const db = await getDb();
  const username = unique("t_");
  const password = input.password ?? "correct-horse-1";
  const [row] = await db
    .insert(staffUsers)
    .values({
      hallId: input.hallId ?? (await testHallId()),
      username,
      displayName: "测试账号",
      passwordHash: await hashPassword(password),
      role: input.role,
      departmentId: input.departmentId ?? null,
      windowId: input.windowId ?? null,
    })
    .returning({ id: staffUsers.id });
  return { id: row.id, username, password };
}

let phoneCounter = 0;
/** A mainland mobile number no other test uses. */
export function uniquePhone(): string {
  phoneCounter += 1;
  const random = Number.parseInt(randomBytes(3).toString("hex"), 16) % 100_000;
  return `19${String(process.pid % 10)}${String(random).padStart(5, "0")}${String(phoneCounter % 1000).padStart(3, "0")}`;
}

/**
 * A slot of its own for one test, inside the hall's window session `daysAhead` days from today
 * (the next working day on or after it), at a start time no other slot has.
 */
export async function createTestSlot(input: {
  onlineCapacity: number;
  booked?: number;
  capacity?: number;
  daysAhead?: number;
  startsInMinutes?: number;
}) {
  const db = await getDb();
  const hallId = await testHallId();
  const today = shanghaiDate();
  await ensureSessions(db, { hallId, from: today, to: addDays(today, 14) });
  let date = addDays(today, input.daysAhead ?? 3);
  while (!isStateWorkday(date)) date = addDays(date, 1);
  const [session] = await db
    .select({ id: serviceSessions.id })
    .from(serviceSessions)
    .where(
      and(eq(serviceSessions.hallId, hallId), eq(serviceSessions.channel, "window"), eq(serviceSessions.date, date)),
    );
  // Evening start times, a random second apart, never collide with the generated day slots.
  const startsAt =
    input.startsInMinutes !== undefined
      ? new Date(Date.now() + input.startsInMinutes * 60_000 + Math.floor(Math.random() * 59_000))
      : new Date(atShanghai(date, "18:00").getTime() + Math.floor(Math.random() * 4 * 3_600_000));
  const [slot] = await db
    .insert(slots)
    .values({
      hallId,
      sessionId: session.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 30 * 60_000),
      capacity: input.capacity ?? Math.max(input.onlineCapacity, 1) * 2,
      onlineCapacity: input.onlineCapacity,
      booked: input.booked ?? 0,
    })
    .returning({ id: slots.id });
  return { slotId: slot.id, date, sessionId: session.id };
}

/** A bookable window item. */
/** The test hall's bookable window items, in catalogue order (other halls of the database have the same codes). */
export async function bookableItemCodes(): Promise<string[]> {
  const db = await getDb();
  const hallId = await testHallId();
  const rows = await db
    .select({ code: serviceItems.code })
    .from(serviceItems)
    .where(
      and(
        eq(serviceItems.hallId, hallId),
        eq(serviceItems.isBookable, true),
        sql`'window' = any(${serviceItems.channels})`,
      ),
    )
    .orderBy(serviceItems.sortOrder);
  return rows.map((r) => r.code);
}

export function bookingBodyFor(input: {
  service: string;
  slotId: number;
  phone?: string;
  name?: string;
  idNumber?: string;
}) {
  return {
    service: input.service,
    slotId: input.slotId,
    name: input.name ?? "张三",
    phone: input.phone ?? uniquePhone(),
    ...(input.idNumber ? { idNumber: input.idNumber } : {}),
  };
}

/** The latest SMS code sent to `phone`, read from the outbox as a villager reads the message. */
export async function phoneCodeFromOutbox(phone: string): Promise<string> {
  const db = await getDb();
  const messages = await db
    .select({ phoneEnc: smsOutbox.phoneEnc, body: smsOutbox.body })
    .from(smsOutbox)
    .where(and(eq(smsOutbox.kind, "verification_code"), eq(smsOutbox.phoneMasked, maskPhone(phone))))
    .orderBy(sql`${smsOutbox.id} desc`)
    .limit(20);
  const mine = messages.find((m) => decryptPii(m.phoneEnc) === phone);
  const code = mine?.body.match(/验证码是 (\d{6})/)?.[1];
  if (!code) throw new Error(`no SMS code in the outbox for ${phone}`);
  return code;
}

/** Ask for a code for `phone` (from an address of its own, clear of the per-address cap) and read it. */
export async function sendPhoneCode(phone: string): Promise<string> {
  await requestPhoneCode({
    hallId: await testHallId(),
    phone,
    address: `test-${randomBytes(6).toString("hex")}`,
  });
  return phoneCodeFromOutbox(phone);
}

/** A booking body as the villager's phone sends it: with the SMS code that phone received. */
export async function verifiedBookingBody(input: Parameters<typeof bookingBodyFor>[0]) {
  const body = bookingBodyFor(input);
  return { ...body, phoneCode: await sendPhoneCode(body.phone) };
}

export function jsonRequest(url: string, body: unknown, headers: Record<string, string> = {}) {
  return new Request(`http://hall${url}`, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": "application/json", ...headers },
  });
}

/** An acting user, as requireRole would give it, with an account of its own. */
export async function actorFor(role: StaffRole, windowNumber?: number): Promise<Actor> {
  const db = await getDb();
  const hallId = await testHallId();
  const windowId = windowNumber
    ? (
        await db
          .select({ id: windows.id })
          .from(windows)
          .where(and(eq(windows.hallId, hallId), eq(windows.number, windowNumber)))
      )[0].id
    : null;
  return staffActorIn({ role, hallId, windowId });
}

/** An acting user with an account of its own in a given hall (a report hall, a second town). */
export async function staffActorIn(input: {
  role: StaffRole;
  hallId: number;
  departmentId?: number | null;
  windowId?: number | null;
}): Promise<Actor> {
  const { role, hallId, departmentId = null, windowId = null } = input;
  const staff = await createStaff({ role, hallId, departmentId, windowId });
  return { id: staff.id, username: staff.username, name: "测试", role, hallId, departmentId, windowId };
}

/** A confirmed booking for a slot starting about now (today, Shanghai), straight in the database. */
export async function createBookingStartingNow(input: { minutesFromNow?: number } = {}) {
  const db = await getDb();
  const hallId = await testHallId();
  const today = shanghaiDate();
  let startsAt = new Date(Date.now() + (input.minutesFromNow ?? 1) * 60_000 + Math.floor(Math.random() * 50_000));
  if (shanghaiDate(startsAt) !== today) startsAt = new Date(Date.now() - 60_000 - Math.floor(Math.random() * 50_000));
  const [session] = await db
    .insert(serviceSessions)
    .values({ hallId, channel: "window", date: today, location: "测试" })
    .onConflictDoUpdate({
      target: [serviceSessions.hallId, serviceSessions.channel, serviceSessions.date, serviceSessions.villageVisitId],
      set: { location: sql`${serviceSessions.location}` },
    })
    .returning({ id: serviceSessions.id });
  const [slot] = await db
    .insert(slots)
    .values({
      hallId,
      sessionId: session.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 30 * 60_000),
      capacity: 4,
      onlineCapacity: 2,
      booked: 1,
    })
    .returning({ id: slots.id });
  const [item] = await db
    .select({ id: serviceItems.id })
    .from(serviceItems)
    .where(eq(serviceItems.hallId, hallId))
    .limit(1);
  const code = newBookingCode();
  await db.insert(bookings).values({
    hallId,
    code,
    serviceItemId: item.id,
    slotId: slot.id,
    applicantName: "签到测试",
    ...sealPhone(uniquePhone()),
  });
  return { code };
}

/** The newest audit line an actor wrote. */
export async function lastAuditBy(actor: Actor) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(auditLog)
    .where(eq(auditLog.actorId, actor.id))
    .orderBy(sql`${auditLog.id} desc`)
    .limit(1);
  return row;
}
