import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import type { Tx } from "@/db/connection";
import { databaseErrorNames, SEAT_CODE_USED, SEAT_OUTSIDE_TRANSACTION } from "@/db/errors";
import { bookings, phoneCodes, slots, smsOutbox } from "@/db/schema";
import { getBookableItem } from "@/lib/booking/bookable-item";
import { createBooking } from "@/lib/booking";
import { IN_BOOKING_SETTING, lockBooking } from "@/lib/booking/booking-checks";
import { checkPhoneCode, usePhoneCode } from "@/lib/booking/phone-code";
import { bookSeat, seatBooked } from "@/lib/booking/seats";
import { sealIdNumber, sealPhone } from "@/lib/crypto";
import { errorResponse } from "@/lib/http";
import { bookableItemCodes, createTestSlot, sendPhoneCode, testHallId, uniquePhone } from "../support/fixtures";

// bookSeat's statement is the last of a booking's transaction and leaves together with its COMMIT
// (decision 013). postgres.js re-runs a prepared statement that the server no longer knows (a
// schema change, DEALLOCATE) once the first try's answer is in: after that COMMIT, in a
// transaction of its own, without the booking's locks and checks. Such a run must write nothing:
// here the statement is run outside any transaction, as that re-run would be.

/** A fresh slot for the first bookable item, and a phone with an SMS code sent to it (its id). */
async function seatCase(label: string) {
  const db = await getDb();
  const hallId = await testHallId();
  const [code] = await bookableItemCodes();
  const { slotId } = await createTestSlot({ onlineCapacity: 5 });
  const item = await getBookableItem(db as unknown as Tx, { hallId, code });
  const phone = uniquePhone();
  const sealed = { ...sealPhone(phone), ...sealIdNumber(undefined) };
  const smsCode = await sendPhoneCode(phone);
  const [row] = await db
    .select({ id: phoneCodes.id })
    .from(phoneCodes)
    .where(eq(phoneCodes.phoneHash, sealed.phoneHash));
  const seat = {
    hallId,
    serviceItemId: item.id,
    slotId,
    applicantName: "张三",
    agentName: null,
    sealed,
    phone,
    phoneCodeId: row.id,
    smsBody: () => `${label} ${phone}`,
  };
  return { db, seat, smsCode };
}

/** What a seat statement left: the slot's booked seats, its bookings, the SMS with its text, the code's use. */
async function written(c: Awaited<ReturnType<typeof seatCase>>) {
  const { db, seat } = c;
  const [slot] = await db.select({ booked: slots.booked }).from(slots).where(eq(slots.id, seat.slotId));
  const booked = await db.select({ id: bookings.id }).from(bookings).where(eq(bookings.slotId, seat.slotId));
  const sms = await db.select({ id: smsOutbox.id }).from(smsOutbox).where(eq(smsOutbox.body, seat.smsBody()));
  const [code] = await db
    .select({ usedAt: phoneCodes.usedAt })
    .from(phoneCodes)
    .where(eq(phoneCodes.id, seat.phoneCodeId));
  return [slot.booked, booked.length, sms.length, code.usedAt];
}

const failure = (answer: Promise<unknown>) =>
  answer.then(
    () => null,
    (e: unknown) => e,
  );

describe("a booking's seat statement", () => {
  it("writes nothing outside the booking's transaction (no seat, no booking, no SMS, the SMS code unused)", async () => {
    const c = await seatCase("座位测试");
    const sent = await bookSeat(c.db as unknown as Tx, c.seat);
    expect(databaseErrorNames(await failure(sent.sent.answer))?.code).toBe(SEAT_OUTSIDE_TRANSACTION);
    expect(await written(c)).toEqual([0, 0, 0, null]);
  });

  it("refuses a code that expired after its check, and writes nothing (so does usePhoneCode)", async () => {
    const c = await seatCase("过期测试");
    const { db, seat } = c;
    const codeId = await checkPhoneCode({ phone: seat.phone, code: c.smsCode, always: true });
    expect(codeId).toBe(seat.phoneCodeId);
    // The code runs out between its check (before the transaction) and its use (inside it).
    await db
      .update(phoneCodes)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(phoneCodes.id, seat.phoneCodeId));
    const applicant = { phoneHash: seat.sealed.phoneHash, idNumberHash: null, name: seat.applicantName };
    const sent = await db.transaction(async (tx) => {
      await lockBooking(tx, applicant);
      return bookSeat(tx, seat);
    });
    expect(databaseErrorNames(await failure(sent.sent.answer))?.code).toBe(SEAT_CODE_USED);
    await expect(seatBooked(db, sent)).rejects.toMatchObject({ code: "phone_code_expired" });
    await expect(db.transaction((tx) => usePhoneCode(tx, seat.phoneCodeId))).rejects.toMatchObject({
      code: "phone_code_expired",
    });
    expect(await written(c)).toEqual([0, 0, 0, null]);
  });

  it("answers 503, not 500, when every try's seat statement runs outside its transaction, and writes nothing: the same code books once that passes", async () => {
    const c = await seatCase("事务外测试");
    const { db, seat } = c;
    const [service] = await bookableItemCodes();
    // What a server that keeps losing the prepared seat statement does (a transaction-pooling proxy
    // in front of PostgreSQL, DATABASE_PREPARE left on): postgres.js re-runs it after the COMMIT,
    // outside the booking's transaction, every time. Here the booking's mark is taken away inside
    // its transaction, for this phone only, by a trigger on its SMS code's row: the checks' UPDATE
    // of the code and the seat statement's own (its used_code, which the seat's condition reads
    // before the mark) both clear it. Were that order ever to change, the booking would be made and
    // this test would fail, not pass.
    const trigger = `seat_outside_${seat.sealed.phoneHash.slice(0, 12).replace(/[^a-z0-9]/gi, "x")}`;
    const request = { service, slotId: seat.slotId, name: seat.applicantName, phone: seat.phone };
    const confirmations = async () =>
      (
        await db
          .select({ id: smsOutbox.id })
          .from(smsOutbox)
          .where(and(eq(smsOutbox.kind, "confirmation"), eq(smsOutbox.phoneMasked, seat.sealed.phoneMasked)))
      ).length;
    const confirmationsBefore = await confirmations();
    let refused: unknown = null;
    try {
      await db.execute(
        sql.raw(`create function ${trigger}() returns trigger language plpgsql as $$
          begin perform set_config('${IN_BOOKING_SETTING}', 'off', true); return new; end $$`),
      );
      await db.execute(
        sql.raw(`create trigger ${trigger} before update on phone_codes for each row
          when (new.phone_hash = '${seat.sealed.phoneHash}') execute function ${trigger}()`),
      );
      await createBooking({ hallId: seat.hallId, request, phoneCode: c.smsCode });
    } catch (error) {
      refused = error;
    } finally {
      await db.execute(sql.raw(`drop trigger if exists ${trigger} on phone_codes`));
      await db.execute(sql.raw(`drop function if exists ${trigger}()`));
    }
    expect(refused).toMatchObject({ code: "unavailable" });
    const answer = errorResponse(refused);
    expect(answer.status).toBe(503);
    expect(((await answer.json()) as { message: string }).message).toContain("没有预约成功");
    expect(await written(c)).toEqual([0, 0, 0, null]);
    expect(await confirmations()).toBe(confirmationsBefore);
    const [code] = await db
      .select({ wrongTries: phoneCodes.wrongTries })
      .from(phoneCodes)
      .where(eq(phoneCodes.id, seat.phoneCodeId));
    expect(code.wrongTries).toBe(0);
    const { booking } = await createBooking({ hallId: seat.hallId, request, phoneCode: c.smsCode });
    expect(booking.status).toBe("confirmed");
    expect(await confirmations()).toBe(confirmationsBefore + 1);
  });
});
