import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import type { Db, Tx } from "@/db/connection";
import { bookings, serviceItems, serviceSessions, slots, smsOutbox, type SmsKind } from "@/db/schema";
import { decryptPii, encryptPii, maskPhone } from "@/lib/crypto";
import { dateLabel } from "@/lib/format";
import { addDays, shanghaiDate, shanghaiTime } from "@/lib/time";

// SMS notices go through an outbox: written in the same transaction as the booking change they
// announce, sent afterwards. A sender is pluggable; the default only notes the send in the log
// (never the text: with its booking code beside the masked phone, 10^4 guesses take over a booking;
// admins read the texts in the outbox, /admin/outbox).

export interface SmsSender {
  name: string;
  send(message: { to: string; body: string }): Promise<void>;
}

export const logSender: SmsSender = {
  name: "log",
  async send({ to, body }) {
    console.log(
      `[sms] to ${maskPhone(to)}: ${body.length} characters (the log sender sends nothing; the text is in /admin/outbox)`,
    );
  },
};

let sender: SmsSender = logSender;

/** Install another sender (an SMS gateway's client) at start-up. */
export function setSmsSender(next: SmsSender) {
  sender = next;
}

export const SMS_SIGNATURE = "【潜川镇便民服务中心】";

export async function enqueueSms(
  tx: Db | Tx,
  input: { hallId: number; kind: SmsKind; bookingId: number | null; phone: string; body: string },
) {
  await tx.insert(smsOutbox).values({
    hallId: input.hallId,
    kind: input.kind,
    bookingId: input.bookingId,
    phoneEnc: encryptPii(input.phone),
    phoneMasked: maskPhone(input.phone),
    body: `${SMS_SIGNATURE}${input.body}`,
  });
}

/** Send what is pending, a batch at a time; several instances may run this at once. */
export async function dispatchOutbox(input: { limit?: number } = {}) {
  const db = await getDb();
  let sent = 0;
  let failed = 0;
  await db.transaction(async (tx) => {
    const batch = await tx
      .select({ id: smsOutbox.id, phoneEnc: smsOutbox.phoneEnc, body: smsOutbox.body, attempts: smsOutbox.attempts })
      .from(smsOutbox)
      .where(eq(smsOutbox.status, "pending"))
      .orderBy(asc(smsOutbox.id))
      .limit(input.limit ?? 50)
      .for("update", { skipLocked: true });
    for (const message of batch) {
      try {
        await sender.send({ to: decryptPii(message.phoneEnc), body: message.body });
        await tx
          .update(smsOutbox)
          .set({ status: "sent", sentAt: new Date(), attempts: message.attempts + 1 })
          .where(eq(smsOutbox.id, message.id));
        sent += 1;
      } catch (error) {
        const attempts = message.attempts + 1;
        await tx
          .update(smsOutbox)
          .set({
            attempts,
            status: attempts >= 5 ? "failed" : "pending",
            lastError: String((error as Error).message ?? error).slice(0, 500),
          })
          .where(eq(smsOutbox.id, message.id));
        failed += 1;
      }
    }
  });
  return { sent, failed };
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
    body: `${SMS_SIGNATURE}提醒：您预约的“${b.item}”在明天 ${dateLabel(tomorrow)} ${shanghaiTime(b.startsAt)}，地点：${b.location}，预约码 ${b.code}。请带齐材料，如不能前来请提前取消。`,
  }));
  const inserted = await db.insert(smsOutbox).values(rows).onConflictDoNothing().returning({ id: smsOutbox.id });
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
