import { Socket } from "node:net";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "@/db/client";
import { createBooking } from "@/lib/booking";
import { bookableItemCodes, bookingBodyFor, createTestSlot, sendPhoneCode, testHallId } from "../support/fixtures";

// What one booking costs the database, counted in the frontend messages the app sends: statements
// (Execute and simple Query messages) on both databases, and on PostgreSQL round trips too (each
// socket write that ends in Sync, Flush or a simple Query waits for an answer before the next).
// The budget is the (#14): at most 5 statements in 6 round trips per booking.

interface Counts {
  statements: number;
  roundTrips: number;
}

function messageTypes(chunk: Uint8Array): string[] {
  const types: string[] = [];
  for (let at = 0; at + 5 <= chunk.length;) {
    const length = new DataView(chunk.buffer, chunk.byteOffset + at + 1, 4).getUint32(0);
    types.push(String.fromCharCode(chunk[at]));
    at += 1 + length;
  }
  return types;
}

let restore: (() => void) | undefined;
afterEach(() => restore?.());

/** Count from now until `stop()`: on PostgreSQL the sockets' writes, on PGlite its protocol calls. */
async function countMessages(): Promise<{ stop: () => Counts }> {
  const database = await getDatabase();
  const counts: Counts = { statements: 0, roundTrips: 0 };
  const note = (chunk: unknown) => {
    if (!(chunk instanceof Uint8Array)) return;
    const types = messageTypes(chunk);
    counts.statements += types.filter((t) => t === "E" || t === "Q").length;
    if (types.some((t) => t === "S" || t === "H" || t === "Q")) counts.roundTrips += 1;
  };
  if (database.kind === "postgres") {
    const write = Socket.prototype.write;
    Socket.prototype.write = function (this: Socket, chunk: unknown, ...rest: unknown[]) {
      note(chunk);
      return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof write;
    restore = () => (Socket.prototype.write = write);
  } else {
    const client = database.client as unknown as {
      execProtocolStream: (message: Uint8Array, ...rest: unknown[]) => unknown;
    };
    const exec = client.execProtocolStream;
    client.execProtocolStream = function (message: Uint8Array, ...rest: unknown[]) {
      note(message);
      return exec.call(this, message, ...rest);
    };
    restore = () => (client.execProtocolStream = exec);
  }
  return {
    stop: () => {
      restore?.();
      restore = undefined;
      return { ...counts };
    },
  };
}

let items: string[];
let hallId: number;
beforeAll(async () => {
  items = await bookableItemCodes();
  hallId = await testHallId();
});

/** A villager's own booking, with the SMS code its phone got (asked for before counting), or one made in person. */
async function bookOnce(slotId: number, input: { idempotencyKey?: string; phoneCode?: boolean } = {}) {
  const request = bookingBodyFor({ service: items[0], slotId });
  const phoneCode = input.phoneCode ? await sendPhoneCode(request.phone) : undefined;
  return async () =>
    createBooking({
      hallId,
      request,
      idempotencyKey: input.idempotencyKey,
      ...(phoneCode ? { phoneCode } : { verifiedInPerson: true }),
    });
}

describe("a booking's cost in statements and round trips", () => {
  it("stays within 5 statements and, on PostgreSQL, 6 round trips: a villager's with its SMS code, with or without an Idempotency-Key, and one made in person", async () => {
    const { slotId } = await createTestSlot({ onlineCapacity: 30 });
    const database = await getDatabase();
    // Warm up: the item is cached and this connection's statements are prepared.
    for (let i = 0; i < 12; i++) await (await bookOnce(slotId, { phoneCode: i % 2 === 0 }))();
    const measured: Counts[] = [];
    for (const [label, input] of [
      ["SMS code", { phoneCode: true }],
      ["SMS code and key", { phoneCode: true, idempotencyKey: `rt-${Date.now()}` }],
      ["in person", {}],
    ] as const) {
      const book = await bookOnce(slotId, input);
      const counter = await countMessages();
      const { replayed } = await book();
      const counts = counter.stop();
      console.log(`[round-trips] ${database.kind}, ${label}: ${JSON.stringify(counts)}`);
      expect(replayed).toBe(false);
      measured.push(counts);
    }
    for (const counts of measured) {
      expect(counts.statements).toBeLessThanOrEqual(5);
      if (database.kind === "postgres") expect(counts.roundTrips).toBeLessThanOrEqual(6);
    }
  });
});
