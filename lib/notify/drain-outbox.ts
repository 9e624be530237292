import "server-only";
import { and, asc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { smsOutbox } from "@/db/schema";
import { decryptPii } from "@/lib/crypto";
import { env } from "@/lib/env";
import { currentSmsSender } from "./sender";

/** A claim older than this is a killed sender's and is taken back (one send must finish within it). */
export const OUTBOX_LEASE_MS = 5 * 60_000;
/** A failed send is tried again after this long (the background job's interval), at most OUTBOX_MAX_ATTEMPTS times in all. */
export const OUTBOX_RETRY_MS = 10_000;
export const OUTBOX_MAX_ATTEMPTS = 5;
/** Messages claimed per statement: two statements (claim, mark sent) per batch in the usual case. */
const BATCH_SIZE = 200;

type Claimed = { id: number; phoneEnc: string; body: string; attempts: number };

/**
 * Send what is pending, batch after batch while there is a backlog; several instances may run this
 * at once. No database transaction is open while a message is sent (a slow gateway must not hold
 * locks, nor on PGlite every other request):
 *
 * 1. claim a batch: one UPDATE … SET claimed_at … RETURNING over pending rows that are unclaimed or
 *    whose claim is older than the lease, picked FOR UPDATE SKIP LOCKED; it commits at once, so a
 *    row is claimed by one drainer only (a concurrent claim skips it while it is locked and sees
 *    the new claimed_at once it is committed);
 * 2. send the batch, `concurrency` messages at a time (SMS_SEND_CONCURRENCY); a send that starts
 *    when half the lease has gone first renews its claim, and only if the claim is still ours (a
 *    claim taken back is skipped);
 * 3. mark the sent ones sent in one UPDATE; a failed one goes back to pending, held back for
 *    OUTBOX_RETRY_MS (its claim is back-dated to lapse then), and is failed after five attempts.
 *
 * It stops when the outbox is empty (a batch came back short), after `limit` messages, or when a
 * whole batch failed (a gateway that is down is tried again at the next run, not hammered).
 *
 * Delivery is at least once: a sender killed between a send and its mark leaves a claim that is
 * taken back after the lease, and that message is sent a second time. We accept the rare
 * duplicate rather than lose a notice; marking before the send would make it at most once and
 * silently drop the message of a killed sender instead.
 */
export async function dispatchOutbox(input: { limit?: number; batchSize?: number; concurrency?: number } = {}) {
  const limit = input.limit ?? Number.POSITIVE_INFINITY;
  const batchSize = input.batchSize ?? BATCH_SIZE;
  const concurrency = input.concurrency ?? env().SMS_SEND_CONCURRENCY;
  let sent = 0;
  let failed = 0;
  while (sent + failed < limit) {
    const size = Math.min(batchSize, limit - sent - failed);
    const batch = await claimBatch(size);
    if (batch.messages.length === 0) break;
    const result = await sendBatch(batch, concurrency);
    sent += result.sent;
    failed += result.failed;
    if (batch.messages.length < size || result.sent === 0) break;
  }
  return { sent, failed };
}

async function claimBatch(size: number): Promise<{ claimedAt: Date; messages: Claimed[] }> {
  const db = await getDb();
  const claimedAt = new Date();
  const pick = db
    .select({ id: smsOutbox.id })
    .from(smsOutbox)
    .where(
      and(
        eq(smsOutbox.status, "pending"),
        or(isNull(smsOutbox.claimedAt), lt(smsOutbox.claimedAt, new Date(claimedAt.getTime() - OUTBOX_LEASE_MS))),
      ),
    )
    .orderBy(asc(smsOutbox.id))
    .limit(size)
    .for("update", { skipLocked: true });
  const messages = await db
    .update(smsOutbox)
    .set({ claimedAt, attempts: sql`${smsOutbox.attempts} + 1` })
    .where(inArray(smsOutbox.id, pick))
    .returning({ id: smsOutbox.id, phoneEnc: smsOutbox.phoneEnc, body: smsOutbox.body, attempts: smsOutbox.attempts });
  messages.sort((a, b) => a.id - b.id);
  return { claimedAt, messages };
}

async function sendBatch(batch: { claimedAt: Date; messages: Claimed[] }, concurrency: number) {
  const db = await getDb();
  const sender = currentSmsSender();
  const sentIds: number[] = [];
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < batch.messages.length) {
      const message = batch.messages[next++];
      if (
        Date.now() - batch.claimedAt.getTime() > OUTBOX_LEASE_MS / 2 &&
        !(await renewClaim(message.id, batch.claimedAt))
      )
        continue;
      try {
        await sender.send({ to: decryptPii(message.phoneEnc), body: message.body });
        sentIds.push(message.id);
      } catch (error) {
        failed += 1;
        const isLast = message.attempts >= OUTBOX_MAX_ATTEMPTS;
        await db
          .update(smsOutbox)
          .set({
            status: isLast ? "failed" : "pending",
            claimedAt: isLast ? null : new Date(Date.now() - OUTBOX_LEASE_MS + OUTBOX_RETRY_MS),
            lastError: String((error as Error)?.message ?? error).slice(0, 500),
          })
          .where(eq(smsOutbox.id, message.id));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batch.messages.length) }, worker));
  if (sentIds.length > 0)
    await db
      .update(smsOutbox)
      .set({ status: "sent", sentAt: new Date(), claimedAt: null })
      .where(inArray(smsOutbox.id, sentIds));
  return { sent: sentIds.length, failed };
}

/** Renews a claim that is still ours (not taken back after the lease); false when it is not. */
async function renewClaim(id: number, claimedAt: Date): Promise<boolean> {
  const db = await getDb();
  const renewed = await db
    .update(smsOutbox)
    .set({ claimedAt: new Date() })
    .where(and(eq(smsOutbox.id, id), eq(smsOutbox.status, "pending"), eq(smsOutbox.claimedAt, claimedAt)))
    .returning({ id: smsOutbox.id });
  return renewed.length > 0;
}
