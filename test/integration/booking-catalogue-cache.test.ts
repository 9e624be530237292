import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase, getDb, setDatabaseForTests } from "@/db/client";
import { connectPostgres, type Database } from "@/db/connection";
import { halls, serviceSessions, slots } from "@/db/schema";
import { inputOf } from "@/lib/admin/item-write";
import { listItems } from "@/lib/admin/list-items";
import { setItemActive } from "@/lib/admin/set-item-active";
import { updateItem } from "@/lib/admin/update-item";
import type { Actor } from "@/lib/auth/actor";
import { createBooking } from "@/lib/booking";
import { getBookableItem } from "@/lib/booking/bookable-item";
import { loadCatalogue } from "@/lib/demo/load-catalogue";
import { addDays, atShanghai, isStateWorkday, shanghaiDate } from "@/lib/time";
import { expectCode } from "../support/errors";
import { bookingBodyFor, staffActorIn, unique, uniqueCasePrefix } from "../support/fixtures";

// Each instance keeps the bookable items in memory (lib/booking/bookable-item.ts). An admin's
// change made on another instance must reach this one: the booking's own checks compare the
// item's version in their statement, and the NOTIFY of the change empties this instance's cache.
// On PostgreSQL "another instance" is a pool of its own; PGlite has one process, so there it is
// the same database (the NOTIFY then goes round inside it).

let hallId: number;
let admin: Actor;
let thisInstance: Promise<Database>;
let otherInstance: Database;

beforeAll(async () => {
  const db = await getDb();
  const code = unique("cc");
  await loadCatalogue(db, {
    hallCode: code,
    hall: {
      name: `缓存测试中心${code}`,
      address: `测试地址${code}`,
      phone: "0571-0000000",
      casePrefix: uniqueCasePrefix(),
    },
  });
  [{ id: hallId }] = await db.select({ id: halls.id }).from(halls).where(eq(halls.code, code));
  admin = await staffActorIn({ role: "admin", hallId });
  const database = await getDatabase();
  thisInstance = Promise.resolve(database);
  otherInstance = database.kind === "postgres" ? connectPostgres(database.url, 2) : database;
});

afterAll(async () => {
  const database = await thisInstance;
  if (otherInstance !== database) await otherInstance.close();
});

/** Run an admin's operation as another app instance would: on its own connections. */
async function onOtherInstance<T>(operation: () => Promise<T>): Promise<T> {
  setDatabaseForTests(Promise.resolve(otherInstance));
  try {
    return await operation();
  } finally {
    setDatabaseForTests(thisInstance);
  }
}

/** A bookable window item of the hall no other test here uses, and a slot of its own three workdays ahead. */
async function itemAndSlot(n: number) {
  const items = await listItems({ actor: admin, status: "active" });
  const item = items.filter((i) => i.bookable && i.channels.includes("window"))[n];
  const db = await getDb();
  let date = addDays(shanghaiDate(), 3);
  while (!isStateWorkday(date)) date = addDays(date, 1);
  const [session] = await db
    .insert(serviceSessions)
    .values({ hallId, channel: "window", date, location: "测试大厅" })
    .onConflictDoUpdate({
      target: [serviceSessions.hallId, serviceSessions.channel, serviceSessions.date, serviceSessions.villageVisitId],
      set: { location: "测试大厅" },
    })
    .returning({ id: serviceSessions.id });
  const startsAt = new Date(atShanghai(date, "18:00").getTime() + n * 60_000 + Math.floor(Math.random() * 50_000));
  const [slot] = await db
    .insert(slots)
    .values({
      hallId,
      sessionId: session.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 30 * 60_000),
      capacity: 40,
      onlineCapacity: 20,
    })
    .returning({ id: slots.id });
  return { item, slotId: slot.id, date };
}

const book = (service: string, slotId: number) =>
  createBooking({ hallId, request: bookingBodyFor({ service, slotId }), verifiedInPerson: true });

/** Until this instance's cache no longer answers `stale` (the NOTIFY arrived), at most 5 s. */
async function untilCacheDrops(code: string, isStale: (name: string | null) => boolean) {
  const db = await getDb();
  for (const started = Date.now(); Date.now() - started < 5_000;) {
    const name = await getBookableItem(db, { hallId, code }).then(
      (i) => i.name,
      () => null,
    );
    if (!isStale(name)) return name;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`this instance still answers the old item ${code} after 5 s`);
}

describe("the per-instance item cache", () => {
  it("drops an item another instance deactivates, and puts it back when it is reactivated", async () => {
    const { item, slotId } = await itemAndSlot(0);
    // Twice: the second booking takes the item from this instance's cache.
    for (let i = 0; i < 2; i++) expect((await book(item.code, slotId)).booking.service.code).toBe(item.code);

    await onOtherInstance(() => setItemActive({ actor: admin, code: item.code, isActive: false }));
    // Read as availability reads it (no version check): only the NOTIFY can tell this instance.
    await untilCacheDrops(item.code, (name) => name !== null);
    await expectCode(book(item.code, slotId), "not_found");

    await onOtherInstance(() => setItemActive({ actor: admin, code: item.code, isActive: true }));
    await untilCacheDrops(item.code, (name) => name === null);
    expect((await book(item.code, slotId)).booking.service.code).toBe(item.code);
  });

  it("refuses the very next booking after another instance deactivates an item, and books the next one after it is back", async () => {
    const { item, slotId } = await itemAndSlot(2);
    for (let i = 0; i < 2; i++) await book(item.code, slotId);
    await onOtherInstance(() => setItemActive({ actor: admin, code: item.code, isActive: false }));
    await expectCode(book(item.code, slotId), "not_found");
    await onOtherInstance(() => setItemActive({ actor: admin, code: item.code, isActive: true }));
    expect((await book(item.code, slotId)).booking.service.code).toBe(item.code);
  });

  it("shows an edit made on another instance (name, materials) in the next booking's answer", async () => {
    const { item, slotId } = await itemAndSlot(1);
    await book(item.code, slotId);
    const name = `${item.name}（改名${unique("")}）`;
    const materials = [{ name: "新增的测试材料", required: true, copies: "原件1份" }, ...item.materials];
    await onOtherInstance(() =>
      updateItem({ actor: admin, code: item.code, version: item.version, item: { ...inputOf(item), name, materials } }),
    );
    const { booking } = await book(item.code, slotId);
    expect(booking.service.name).toBe(name);
    expect(booking.materials.map((m) => m.name)).toContain("新增的测试材料");
    await untilCacheDrops(item.code, (cached) => cached !== name);
  });
});
