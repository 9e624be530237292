import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import type { Tx } from "@/db/connection";
import { databaseErrorNames, SEAT_CODE_USED, SEAT_OUTSIDE_TRANSACTION } from "@/db/errors";
import { bookings, phoneCodes, slots, smsOutbox } from "@/db/schema";
import { getBookableItem } from "@/lib/booking/bookable-item";
import { lockBooking } from "@/lib/booking/booking-checks";
import { checkPhoneCode, usePhoneCode } from "@/lib/booking/phone-code";
import { bookSeat, seatBooked } from "@/lib/booking/seats";
import { sealIdNumber, sealPhone } from "@/lib/crypto";
import { bookableItemCodes, createTestSlot, sendPhoneCode, testHallId, uniquePhone } from "../support/fixtures";

// bookSeat's statement is the last of a booking's transaction and leaves together with its COMMIT
// (decision 013). postgres.js re-runs a prepared statement that the server no longer knows (a
// schema change, DEALLOCATE) once the first try's answer is in: after that COMMIT, in a
// transaction of its own, without the booking's locks and checks. Such a run must write nothing:
// here the statement is run outside any transaction, as that re-run would be.

describe("a booking's seat statement", () => {
  it("writes nothing outside the booking's transaction (no seat, no booking, no SMS, the SMS code unused)", async () => {
    const db = await getDb();
    const hallId = await testHallId();
    const [code] = await bookableItemCodes();
    const { slotId } = await createTestSlot({ onlineCapacity: 5 });
    const item = await getBookableItem(db as unknown as Tx, { hallId, code });
    const phone = uniquePhone();
    const sealed = { ...sealPhone(phone), ...sealIdNumber(undefined) };
    const body = `座位测试 ${phone}`;
    await sendPhoneCode(phone);
    const [smsCode] = await db
      .select({ id: phoneCodes.id })
      .from(phoneCodes)
      .where(eq(phoneCodes.phoneHash, sealed.phoneHash));
    const seat = await bookSeat(db as unknown as Tx, {
      hallId,
      serviceItemId: item.id,
      slotId,
      applicantName: "张三",
      agentName: null,
      sealed,
      phone,
      phoneCodeId: smsCode.id,
      smsBody: () => body,
    });
    const error = await seat.sent.answer.then(
      () => null,
      (e: unknown) => e,
    );
    expect(databaseErrorNames(error)?.code).toBe(SEAT_OUTSIDE_TRANSACTION);
    const [slot] = await db.select({ booked: slots.booked }).from(slots).where(eq(slots.id, slotId));
    const written = await db.select({ id: bookings.id }).from(bookings).where(eq(bookings.slotId, slotId));
    const sms = await db.select({ id: smsOutbox.id }).from(smsOutbox).where(eq(smsOutbox.body, body));
    const [usedCode] = await db
      .select({ usedAt: phoneCodes.usedAt })
      .from(phoneCodes)
      .where(eq(phoneCodes.id, smsCode.id));
    expect([slot.booked, written.length, sms.length, usedCode.usedAt]).toEqual([0, 0, 0, null]);
  });

  it("refuses a code that expired after its check, and writes nothing (so does usePhoneCode)", async () => {
    const db = await getDb();
    const hallId = await testHallId();
    const [code] = await bookableItemCodes();
    const { slotId } = await createTestSlot({ onlineCapacity: 5 });
    const item = await getBookableItem(db as unknown as Tx, { hallId, code });
    const phone = uniquePhone();
    const sealed = { ...sealPhone(phone), ...sealIdNumber(undefined) };
    const body = `过期测试 ${phone}`;
    const codeId = await checkPhoneCode({ phone, code: await sendPhoneCode(phone), always: true });
    // The code runs out between its check (before the transaction) and its use (inside it).
    await db
      .update(phoneCodes)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(phoneCodes.id, codeId!));
    const applicant = { phoneHash: sealed.phoneHash, idNumberHash: null, name: "李四" };
    const seat = await db.transaction(async (tx) => {
      await lockBooking(tx, applicant);
      return bookSeat(tx, {
        hallId,
        serviceItemId: item.id,
        slotId,
        applicantName: "李四",
        agentName: null,
        sealed,
        phone,
        phoneCodeId: codeId,
        smsBody: () => body,
      });
    });
    const raw = await seat.sent.answer.then(
      () => null,
      (e: unknown) => e,
    );
    expect(databaseErrorNames(raw)?.code).toBe(SEAT_CODE_USED);
    await expect(seatBooked(db, seat)).rejects.toMatchObject({ code: "phone_code_expired" });
    await expect(db.transaction((tx) => usePhoneCode(tx, codeId))).rejects.toMatchObject({
      code: "phone_code_expired",
    });
    const [slot] = await db.select({ booked: slots.booked }).from(slots).where(eq(slots.id, slotId));
    const written = await db.select({ id: bookings.id }).from(bookings).where(eq(bookings.slotId, slotId));
    const sms = await db.select({ id: smsOutbox.id }).from(smsOutbox).where(eq(smsOutbox.body, body));
    const [usedCode] = await db
      .select({ usedAt: phoneCodes.usedAt })
      .from(phoneCodes)
      .where(eq(phoneCodes.id, codeId!));
    expect([slot.booked, written.length, sms.length, usedCode.usedAt]).toEqual([0, 0, 0, null]);
  });
});
