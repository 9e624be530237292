import { and, asc, eq, gte, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  bookings,
  serviceItems,
  serviceSessions,
  slots,
  villageVisits,
  weekendRoster,
  type Material,
  type StaffRole,
} from "@/db/schema";
import { newBookingCode } from "@/lib/booking/code";
import { ensureSessions } from "@/lib/booking/sessions";
import { sealPhone } from "@/lib/crypto";
import { addDays, atShanghai, shanghaiDate } from "@/lib/time";
import type { Actor } from "@/lib/auth/actor";
import { idNumberCheckChar } from "@/lib/validation/identity";
import { actorFor, createStaff, testHallId, uniquePhone } from "./fixtures";

export interface TestItem {
  code: string;
  departmentId: number;
  promisedDays: number | null;
  materials: Material[];
  required: string[];
}

/** An item of the seed catalogue: promised (with N working days) or instant. */
export async function itemOf(kind: "instant" | "promised", promisedDays?: number): Promise<TestItem> {
  const db = await getDb();
  const [item] = await db
    .select({
      code: serviceItems.code,
      departmentId: serviceItems.departmentId,
      promisedDays: serviceItems.promisedDays,
      materials: serviceItems.materials,
    })
    .from(serviceItems)
    .where(
      and(
        eq(serviceItems.hallId, await testHallId()),
        eq(serviceItems.kind, kind),
        promisedDays ? eq(serviceItems.promisedDays, promisedDays) : undefined,
        // Two required materials at least, so that one can be missing while another is received.
        sql`jsonb_array_length(${serviceItems.materials}) >= 2`,
      ),
    )
    .orderBy(serviceItems.sortOrder)
    .limit(1);
  return { ...item, required: item.materials.filter((m) => m.required).map((m) => m.name) };
}

/** A back-office account of a department. */
export async function backofficeFor(departmentId: number): Promise<Actor> {
  const staff = await createStaff({ role: "backoffice", departmentId });
  return {
    id: staff.id,
    username: staff.username,
    name: "后台测试",
    role: "backoffice",
    hallId: await testHallId(),
    departmentId,
    windowId: null,
  };
}

/** Another department than this one. */
export async function otherDepartmentOf(departmentId: number): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ id: serviceItems.departmentId })
    .from(serviceItems)
    .where(sql`${serviceItems.departmentId} <> ${departmentId}`)
    .limit(1);
  return row.id;
}

export async function deviceActor(role: StaffRole): Promise<Actor> {
  return actorFor(role, role === "pad" ? 1 : undefined);
}

let idCounter = 0;
/** A valid GB 11643 ID number no other test uses. */
export function uniqueIdNumber(): string {
  idCounter += 1;
  const seq = String((process.pid * 7 + idCounter + Math.floor(Math.random() * 900)) % 1000).padStart(3, "0");
  const birth = `19${String(50 + (idCounter % 40)).padStart(2, "0")}0${1 + (idCounter % 9)}1${idCounter % 10}`;
  const first17 = `330185${birth}${seq}`;
  return `${first17}${idNumberCheckChar(first17)}`;
}

export function intakeBody(item: TestItem, overrides: { missing?: string[]; idNumber?: string | null } = {}) {
  const missing = overrides.missing ?? [];
  return {
    service: item.code,
    name: "王小明",
    phone: uniquePhone(),
    ...(overrides.idNumber === null ? {} : { idNumber: overrides.idNumber ?? uniqueIdNumber() }),
    materials: {
      received: item.materials.map((m) => m.name).filter((n) => !missing.includes(n)),
      missing,
    },
  };
}

/** A confirmed booking of an item at the next weekend post or village visit, straight in the database. */
export async function createBookingAt(channel: "weekend" | "village", serviceCode: string) {
  const db = await getDb();
  const hallId = await testHallId();
  const table = channel === "weekend" ? weekendRoster : villageVisits;
  // The dated posts and visits are made from the rules ahead of time, as the server's job does
  // (five weeks: long enough to hold a post and a village day even around a Golden Week).
  await ensureSessions(db, { hallId, from: shanghaiDate(), to: addDays(shanghaiDate(), 35) });
  const [day] = await db
    .select({ date: table.date })
    .from(table)
    .where(and(eq(table.hallId, hallId), gte(table.date, shanghaiDate())))
    .orderBy(asc(table.date))
    .limit(1);
  await ensureSessions(db, { hallId, from: day.date, to: day.date });
  const [session] = await db
    .select({ id: serviceSessions.id, villageId: villageVisits.villageId })
    .from(serviceSessions)
    .leftJoin(villageVisits, eq(villageVisits.id, serviceSessions.villageVisitId))
    .where(
      and(eq(serviceSessions.hallId, hallId), eq(serviceSessions.channel, channel), eq(serviceSessions.date, day.date)),
    )
    .limit(1);
  const startsAt = new Date(atShanghai(day.date, "18:00").getTime() + Math.floor(Math.random() * 4 * 3_600_000));
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
    .where(and(eq(serviceItems.hallId, hallId), eq(serviceItems.code, serviceCode)));
  const code = newBookingCode();
  const phone = uniquePhone();
  await db
    .insert(bookings)
    .values({ hallId, code, serviceItemId: item.id, slotId: slot.id, applicantName: "预约测试", ...sealPhone(phone) });
  return { code, phone, villageId: session.villageId };
}
