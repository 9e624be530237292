import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import type { Db, Tx } from "@/db/connection";
import { bookings, serviceItems, serviceSessions, slots, smsOutbox, type Channel, type SmsKind } from "@/db/schema";
import { encryptPii, maskPhone } from "@/lib/crypto";
import { checkInSms } from "@/lib/booking/check-in";
import { dateLabel } from "@/lib/format";
import { addDays, shanghaiDate, shanghaiTime } from "@/lib/time";
import { signalOutbox } from "./outbox-signal";

// SMS notices go through an outbox: written in the same transaction as the booking change they
// announce, sent afterwards by dispatchOutbox (drain-outbox.ts) through the installed sender.

export { currentSmsSender, logSender, setSmsSender, type SmsSender } from "./sender";
export { dispatchOutbox, OUTBOX_LEASE_MS, OUTBOX_RETRY_MS, OUTBOX_MAX_ATTEMPTS } from "./drain-outbox";
export { onOutboxSignal, signalOutbox } from "./outbox-signal";

export const SMS_SIGNATURE = "【潜川镇便民服务中心】";

/**
 * The outbox row of a message (phone sealed, text signed): enqueueSms's, or a caller's own INSERT's.
 * `phoneEnc`: the phone already sealed (a booking's own ciphertext of it), not sealed again.
 */
export function outboxRow(input: {
  hallId: number;
  kind: SmsKind;
  bookingId: number | null;
  phone: string;
  phoneEnc?: string;
  body: string;
}) {
  return {
    hallId: input.hallId,
    kind: input.kind,
    bookingId: input.bookingId,
    phoneEnc: input.phoneEnc ?? encryptPii(input.phone),
    phoneMasked: maskPhone(input.phone),
    body: `${SMS_SIGNATURE}${input.body}`,
  };
}

export async function enqueueSms(
  tx: Db | Tx,
  input: { hallId: number; kind: SmsKind; bookingId: number | null; phone: string; body: string },
) {
  await tx.insert(smsOutbox).values(outboxRow(input));
  signalOutbox(tx);
}

/** The day-before reminder: where to go and how to check in there (the kiosk only at the hall). */
export function reminderText(b: {
  item: string;
  date: string;
  start: string;
  location: string;
  code: string;
  channel: Channel;
}): string {
  return `提醒：您预约的“${b.item}”在明天 ${dateLabel(b.date)} ${b.start}，地点：${b.location}，预约码 ${b.code}，${checkInSms(b.channel)}请带齐材料，如不能前来请提前取消。`;
}

/** The day-before reminder of every confirmed booking for tomorrow; written once per booking. */
export async function enqueueReminders(input: { now?: Date } = {}) {
  const db = await getDb();
  const tomorrow = addDays(shanghaiDate(input.now ?? new Date()), 1);
  const due = await db
    .select({
      id: bookings.id,
      hallId: bookings.hallId,
      phoneEnc: bookings.phoneEnc,
      phoneMasked: bookings.phoneMasked,
      code: bookings.code,
      item: serviceItems.name,
      startsAt: slots.startsAt,
      location: serviceSessions.location,
      channel: serviceSessions.channel,
    })
    .from(bookings)
    .innerJoin(slots, eq(slots.id, bookings.slotId))
    .innerJoin(serviceSessions, eq(serviceSessions.id, slots.sessionId))
    .innerJoin(serviceItems, eq(serviceItems.id, bookings.serviceItemId))
    .where(and(eq(bookings.status, "confirmed"), eq(serviceSessions.date, tomorrow)));
  if (due.length === 0) return { enqueued: 0 };
  const rows = due.map((b) => ({
    hallId: b.hallId,
    kind: "reminder" as const,
    bookingId: b.id,
    phoneEnc: b.phoneEnc,
    phoneMasked: b.phoneMasked,
    body: `${SMS_SIGNATURE}${reminderText({ ...b, date: tomorrow, start: shanghaiTime(b.startsAt) })}`,
  }));
  const inserted = await db.insert(smsOutbox).values(rows).onConflictDoNothing().returning({ id: smsOutbox.id });
  if (inserted.length > 0) signalOutbox(db);
  return { enqueued: inserted.length };
}

/** What the admin sees: the latest messages, phone masked. */
export async function listOutbox(input: { hallId: number; limit?: number }) {
  const db = await getDb();
  return db
    .select({
      id: smsOutbox.id,
      kind: smsOutbox.kind,
      phone: smsOutbox.phoneMasked,
      body: smsOutbox.body,
      status: smsOutbox.status,
      attempts: smsOutbox.attempts,
      createdAt: smsOutbox.createdAt,
      sentAt: smsOutbox.sentAt,
    })
    .from(smsOutbox)
    .where(eq(smsOutbox.hallId, input.hallId))
    .orderBy(sql`${smsOutbox.id} desc`)
    .limit(input.limit ?? 100);
}
