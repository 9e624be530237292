import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { phoneCodes } from "@/db/schema";
import { cancelBooking, createBooking, findBookingsByPhone } from "@/lib/booking";
import { lookupHash } from "@/lib/crypto";
import { expectCode, refusal } from "../support/errors";
import {
  bookableItemCodes,
  bookingBodyFor,
  createTestSlot,
  sendPhoneCode,
  testHallId,
  uniquePhone,
} from "../support/fixtures";

// Issue 13: "我把号码弄丢了" — a villager who lost the booking code finds their bookings by the phone
// and a one-time SMS code; a phone number alone shows nothing.

let hallId: number;
let items: string[];

/** A booking made at the window for `phone` (no SMS code needed there), on a slot of its own. */
async function bookAtWindow(phone: string, item: string, daysAhead: number) {
  const { slotId } = await createTestSlot({ onlineCapacity: 2, daysAhead });
  const { booking } = await createBooking({
    hallId,
    request: bookingBodyFor({ service: item, slotId, phone }),
    verifiedInPerson: true,
  });
  return booking;
}

/** As if the phone's last code were sent two minutes ago: the next may be sent at once. */
async function ageCodes(phone: string) {
  const db = await getDb();
  await db
    .update(phoneCodes)
    .set({ createdAt: sql`${phoneCodes.createdAt} - interval '2 minutes'` })
    .where(eq(phoneCodes.phoneHash, lookupHash("phone", phone)));
}

beforeAll(async () => {
  hallId = await testHallId();
  items = await bookableItemCodes();
});

describe("finding a phone's bookings with an SMS code", () => {
  it("lists the phone's coming bookings, soonest first, and nobody else's; the code works once", async () => {
    const phone = uniquePhone();
    const later = await bookAtWindow(phone, items[1], 6);
    const sooner = await bookAtWindow(phone, items[0], 2);
    const cancelled = await bookAtWindow(phone, items[2], 4);
    await cancelBooking({ hallId, code: cancelled.code, owner: { phone } });
    const someoneElse = await bookAtWindow(uniquePhone(), items[0], 2);

    const code = await sendPhoneCode(phone);
    const found = await findBookingsByPhone({ hallId, phone, phoneCode: code });
    expect(found.map((b) => b.code)).toEqual([sooner.code, later.code]);
    expect(found.map((b) => b.code)).not.toContain(someoneElse.code);
    expect(found[0]).toMatchObject({ status: "confirmed", service: { code: items[0] }, phone: sooner.phone });

    await expectCode(findBookingsByPhone({ hallId, phone, phoneCode: code }), "phone_code_expired");
  });

  it("refuses without a code, with a wrong code, and with another phone's code, in Chinese", async () => {
    const phone = uniquePhone();
    await bookAtWindow(phone, items[0], 3);
    expect(
      await expectCode(findBookingsByPhone({ hallId, phone, phoneCode: undefined }), "phone_code_required"),
    ).toMatchObject({
      fields: { phoneCode: "请填写短信验证码" },
    });
    const code = await sendPhoneCode(phone);
    const wrong = code === "000000" ? "000001" : "000000";
    expect(
      await expectCode(findBookingsByPhone({ hallId, phone, phoneCode: wrong }), "phone_code_invalid"),
    ).toMatchObject({
      message: expect.stringContaining("还可以再试 4 次") as unknown,
    });
    const other = uniquePhone();
    const otherCode = await sendPhoneCode(other);
    expect(await refusal(findBookingsByPhone({ hallId, phone, phoneCode: otherCode }))).toMatch(
      /^422 phone_code_(invalid|expired)$/,
    );
    // The right code still works after the wrong tries (fewer than five).
    expect(await findBookingsByPhone({ hallId, phone, phoneCode: code })).toHaveLength(1);
  });

  it("answers an empty list for a phone with no coming booking (and proves the phone all the same)", async () => {
    const phone = uniquePhone();
    const code = await sendPhoneCode(phone);
    expect(await findBookingsByPhone({ hallId, phone, phoneCode: code })).toEqual([]);
    await ageCodes(phone);
    const next = await sendPhoneCode(phone);
    expect(next).toMatch(/^\d{6}$/);
  });
});
