import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/connection";
import { bookings, serviceItems, serviceSessions, slots, villages, villageVisits, type Material } from "@/db/schema";
import { slotViewColumns, toSlotView, type SlotView } from "@/lib/booking/bookable-item";
import { lookupHashes } from "@/lib/crypto";

export interface BookingRequest {
  service: string;
  slotId: number;
  name: string;
  phone: string;
  idNumber?: string;
  /**
   * Booked for someone else (代办): the booker's name; `phone` is then the booker's and `name` and
   * `idNumber` (required) the applicant's.
   */
  agentName?: string;
}

/** The read model of a booking: what the villager's pages, the API and the tests get (masked). */
export interface BookingView {
  code: string;
  status: "confirmed" | "cancelled" | "checked_in" | "no_show" | "completed";
  service: { code: string; name: string };
  slot: Omit<SlotView, "capacity" | "remaining">;
  name: string;
  phone: string;
  idNumber: string | null;
  /** The booker's name when booked for someone else (代办), else null. */
  agentName: string | null;
  materials: Material[];
  createdAt: string;
}

/** Who may change a booking: the phone it was made with, or that phone's keyed hash. */
export type BookingOwner = { phone: string } | { phoneHash: string };

/** The owner's phone hashes: under the current key first, and under the previous one during a key rotation. */
export const ownerHashes = (owner: BookingOwner): string[] =>
  "phoneHash" in owner ? [owner.phoneHash] : lookupHashes("phone", owner.phone);

export const NO_SUCH_BOOKING = "没有找到预约，请核对预约码和手机号";

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
  idNumberHash: bookings.idNumberHash,
  idNumberMasked: bookings.idNumberMasked,
  agentName: bookings.agentName,
  requestHash: bookings.requestHash,
  createdAt: bookings.createdAt,
  serviceCode: serviceItems.code,
  serviceName: serviceItems.name,
  materials: serviceItems.materials,
};

function bookingRows(tx: Db | Tx, where: ReturnType<typeof and>) {
  return tx
    .select(bookingColumns)
    .from(bookings)
    .innerJoin(serviceItems, eq(serviceItems.id, bookings.serviceItemId))
    .innerJoin(slots, eq(slots.id, bookings.slotId))
    .innerJoin(serviceSessions, eq(serviceSessions.id, slots.sessionId))
    .leftJoin(villageVisits, eq(villageVisits.id, serviceSessions.villageVisitId))
    .leftJoin(villages, eq(villages.id, villageVisits.villageId))
    .where(where);
}

export async function selectBooking(tx: Db | Tx, where: ReturnType<typeof and>) {
  const [row] = await bookingRows(tx, where);
  return row;
}

/** Every booking `where` selects, soonest first. */
export function selectBookings(tx: Db | Tx, where: ReturnType<typeof and>) {
  return bookingRows(tx, where).orderBy(asc(slots.startsAt), asc(bookings.id));
}

export type BookingRow = NonNullable<Awaited<ReturnType<typeof selectBooking>>>;

export function toBookingView(row: BookingRow): BookingView {
  const { capacity: _capacity, remaining: _remaining, ...slot } = toSlotView({ ...row, id: row.slotId });
  return {
    code: row.code,
    status: row.status,
    service: { code: row.serviceCode, name: row.serviceName },
    slot,
    name: row.name,
    phone: row.phoneMasked,
    idNumber: row.idNumberMasked,
    agentName: row.agentName,
    materials: row.materials,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The booking's view as the transaction sees it now (after a change). */
export async function bookingViewById(tx: Db | Tx, bookingId: number): Promise<BookingView> {
  return toBookingView((await selectBooking(tx, eq(bookings.id, bookingId)))!);
}
