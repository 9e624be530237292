import "server-only";
import { and, asc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import type { Db, Tx } from "@/db/connection";
import { bookings, serviceItems, serviceSessions, slots, smsOutbox, type Channel, type SmsKind } from "@/db/schema";
import { decryptPii, encryptPii, maskPhone } from "@/lib/crypto";
import { checkInSms } from "@/lib/booking/check-in";
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

/** The outbox row of a message (phone sealed, text signed): enqueueSms's, or a caller's own INSERT's. */
export function outboxRow(input: {
  hallId: number;
  kind: SmsKind;
  bookingId: number | null;
  phone: string;
  body: string;
}) {
  return {
    hallId: input.hallId,
    kind: input.kind,
    bookingId: input.bookingId,
    phoneEnc: encryptPii(input.phone),
    phoneMasked: maskPhone(input.phone),
    body: `${SMS_SIGNATURE}${input.body}`,
  };
}

export async function enqueueSms(
  tx: Db | Tx,
  input: { hallId: number; kind: SmsKind; bookingId: number | null; phone: string; body: string },
) {
  await tx.insert(smsOutbox).values(outboxRow(input));
}

/** A claim older than this is a killed sender's and is taken back (one send must finish within it). */
export const OUTBOX_LEASE_MS = 5 * 60_000;
const MAX_ATTEMPTS = 5;

/**
 * Send what is pending, a batch at a time; several instances may run this at once. No database
 * transaction is open while a message is sent (a slow gateway must not hold locks, nor on PGlite
 * every other request):
 *
 * 1. claim a batch: one UPDATE … SET claimed_at … RETURNING over pending rows that are unclaimed or
 *    whose claim is older than the lease, picked FOR UPDATE SKIP LOCKED; it commits at once;
 * 2. before each send, renew the claim only if it is still ours (a claim taken back is skipped);
 * 3. send, then mark the row sent, or pending again (failed after five attempts).
 *
 * Delivery is at least once: a sender killed between a send and its mark leaves a claim that is
 * taken back after the lease, and that message is sent a second time. We accept the rare
 * duplicate (the window is one UPDATE wide) rather than lose a notice; marking before the send
 * would make it at most once and silently drop the message of a killed sender instead.
 */
export async function dispatchOutbox(input: { limit?: number } = {}) {
  const db = await getDb();
  const now = new Date();
  const pick = db
    .select({ id: smsOutbox.id })
    .from(smsOutbox)
    .where(
      and(
        eq(smsOutbox.status, "pending"),
        or(isNull(smsOutbox.claimedAt), lt(smsOutbox.claimedAt, new Date(now.getTime() - OUTBOX_LEASE_MS))),
      ),
    )
    .orderBy(asc(smsOutbox.id))
    .limit(input.limit ?? 50)
    .for("update", { skipLocked: true });
  const batch = await db
    .update(smsOutbox)
    .set({ claimedAt: now, attempts: sql`${smsOutbox.attempts} + 1` })
    .where(inArray(smsOutbox.id, pick))
    .returning({ id: smsOutbox.id, phoneEnc: smsOutbox.phoneEnc, body: smsOutbox.body, attempts: smsOutbox.attempts });
  batch.sort((a, b) => a.id - b.id);
  let sent = 0;
  let failed = 0;
  for (const message of batch) {
    // Ours still (not taken back after a stalled send of an earlier message)? Then renew the lease.
    const renewed = await db
      .update(smsOutbox)
      .set({ claimedAt: new Date() })
      .where(and(eq(smsOutbox.id, message.id), eq(smsOutbox.status, "pending"), eq(smsOutbox.claimedAt, now)))
      .returning({ id: smsOutbox.id });
    if (renewed.length === 0) continue;
    try {
      await sender.send({ to: decryptPii(message.phoneEnc), body: message.body });
    } catch (error) {
      await db
        .update(smsOutbox)
        .set({
          status: message.attempts >= MAX_ATTEMPTS ? "failed" : "pending",
          claimedAt: null,
          lastError: String((error as Error).message ?? error).slice(0, 500),
        })
        .where(eq(smsOutbox.id, message.id));
      failed += 1;
      continue;
    }
    await db
      .update(smsOutbox)
      .set({ status: "sent", sentAt: new Date(), claimedAt: null })
      .where(eq(smsOutbox.id, message.id));
    sent += 1;
  }
  return { sent, failed };
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
