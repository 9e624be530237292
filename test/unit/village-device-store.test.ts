import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { DB_NAME, VillageDevice, WIPE_AFTER_MS, WrongPinError } from "@/app/(staff)/village/_lib/device-store";

// Issue 15: a lost tablet gives away nothing readable. The device store runs here on an in-memory
// IndexedDB (fake-indexeddb) and Node's WebCrypto; the test reads back every byte the store wrote
// and looks for the ID and phone numbers (and the names) it was given.

const PHONE = "13912345678";
const ID_NUMBER = "330185195001011237";
const NAME = "王村民";
const TAKEN_AT = Date.parse("2026-03-03T07:30:00+08:00");

const day = {
  visit: { id: 7, date: "2026-03-03", village: { code: "v1", name: "上村" }, theme: "社保医保" },
  bookings: [{ code: "ABC234", name: "李预约", phoneMasked: "139****5678", idNumberMasked: "330185********1237" }],
  items: [{ code: "RSJ-002", name: "养老保险待遇申领", materials: [{ name: "居民身份证", required: true }] }],
};

/** Everything the store keeps, as IndexedDB hands it to anyone who opens the database. */
async function rawContents(): Promise<string> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const dump: unknown[] = [];
  for (const name of Array.from(db.objectStoreNames)) {
    const rows = await new Promise<unknown[]>((resolve, reject) => {
      const req = db.transaction(name).objectStore(name).getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    dump.push(...rows);
  }
  db.close();
  return JSON.stringify(dump);
}

describe("the village day on the device", () => {
  it("stores no ID or phone number (nor a name) in plain text, and opens only with the PIN", async () => {
    const device = await VillageDevice.open();
    const key = await device.takeAlong({ visitId: 7, day, pin: "246810", now: TAKEN_AT });
    const caseId = "8a4c3a5e-1b2c-4d5e-8f90-123456789abc";
    await device.addRecord(key, {
      id: caseId,
      kind: "case",
      content: { kind: "case", service: "RSJ-002", name: NAME, phone: PHONE, idNumber: ID_NUMBER },
    });
    await device.addRecord(key, {
      id: "9b4c3a5e-1b2c-4d5e-8f90-123456789abc",
      kind: "rating",
      content: { kind: "rating", caseRecordId: caseId, level: 2, reasons: ["效率"], comment: `电话${PHONE}` },
    });
    await device.putSealed(key, "walkIns", [{ number: "村01", name: NAME, phone: PHONE }]);

    const raw = await rawContents();
    expect(raw.length).toBeGreaterThan(500);
    for (const secret of [PHONE, ID_NUMBER, NAME, "李预约", "139****5678", "330185"]) {
      expect(raw, `"${secret}" in IndexedDB`).not.toContain(secret);
    }
    // No 11 digits alone (a phone) or 17 digits and a check character (an ID) anywhere; the
    // 13-digit timestamp of when the day was taken along is no phone.
    expect(raw).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
    expect(raw).not.toMatch(/(?<!\d)\d{17}[\dX](?!\d)/);

    // The PIN opens it; another PIN does not.
    const opened = await device.unlock<typeof day>("246810");
    expect(opened.day).toEqual(day);
    const records = await device.listRecords<{ phone?: string }>(opened.key);
    expect(records.map((r) => [r.kind, r.state, r.seq])).toEqual([
      ["case", "pending", 1],
      ["rating", "pending", 2],
    ]);
    expect(records[0].content?.phone).toBe(PHONE);
    await expect(device.unlock("135790")).rejects.toBeInstanceOf(WrongPinError);
    device.close();
  });

  it("wipes a synced record's content at once, a refused one stays with its reason", async () => {
    const device = await VillageDevice.open();
    const key = await device.takeAlong({ visitId: 7, day, pin: "112233", now: TAKEN_AT });
    await device.addRecord(key, { id: "a", kind: "case", content: { phone: PHONE } });
    await device.addRecord(key, { id: "b", kind: "case", content: { phone: "13800001111", idNumber: ID_NUMBER } });
    await device.markSynced("a", { caseNo: "QC2026000123" });
    await device.markRefused("b", "身份证号码不正确，请核对后重新填写");
    const [a, b] = await device.listRecords<{ phone: string }>(key);
    expect(a).toMatchObject({ state: "synced", content: null, result: { caseNo: "QC2026000123" } });
    expect(b).toMatchObject({ state: "refused", reason: "身份证号码不正确，请核对后重新填写" });
    expect(b.content?.phone).toBe("13800001111");
    await device.replaceRecord(key, "b", { phone: "13800002222" });
    expect((await device.listRecords<{ phone: string }>(key))[1]).toMatchObject({
      state: "pending",
      seq: 2,
      reason: null,
    });
    expect(await rawContents()).not.toContain(PHONE);
    device.close();
  });

  it("wipes the whole day 48 hours after it was taken along, synced or not", async () => {
    const device = await VillageDevice.open();
    const key = await device.takeAlong({ visitId: 7, day, pin: "998877", now: TAKEN_AT });
    await device.addRecord(key, { id: "c", kind: "case", content: { phone: PHONE } });
    expect(await device.wipeIfExpired(TAKEN_AT + WIPE_AFTER_MS - 1)).toBe(false);
    expect(await device.summary(TAKEN_AT + WIPE_AFTER_MS - 1)).toMatchObject({ visitId: 7, isExpired: false });
    expect(await device.wipeIfExpired(TAKEN_AT + WIPE_AFTER_MS)).toBe(true);
    expect(await device.summary()).toBeNull();
    expect(await rawContents()).toBe("[]");
    device.close();
  });

  it("refuses a PIN shorter than six digits", async () => {
    const device = await VillageDevice.open();
    await expect(device.takeAlong({ visitId: 7, day, pin: "1234" })).rejects.toThrow("PIN 应为 6 到 12 位数字");
    device.close();
  });
});
