// The village day's data on the clerk's tablet (issue #15, docs/decisions/009-offline-village-day.md).
// Everything personal is sealed with AES-GCM under a key derived (PBKDF2-SHA-256) from the PIN the
// clerk set when taking the day along; the key lives only in memory. IndexedDB holds the salt, the
// sealed day, and per record its id, order, state and sealed content — no name, phone or ID number
// in the clear. Browser code (WebCrypto, IndexedDB); also runs under vitest with fake-indexeddb.

export const DB_NAME = "yichuang-village";
const DB_VERSION = 1;
/** The day and every record are wiped this long after the day was taken along, synced or not. */
export const WIPE_AFTER_MS = 48 * 3_600_000;
export const PBKDF2_ITERATIONS = 310_000;
export const PIN_RULE = /^\d{6,12}$/;

export type RecordState = "pending" | "refused" | "synced";

interface Sealed {
  iv: string;
  data: string;
}

interface DayRow {
  key: "day";
  visitId: number;
  takenAt: number;
  salt: string;
  iterations: number;
  sealed: Sealed;
}

interface RecordRow {
  id: string;
  seq: number;
  kind: string;
  state: RecordState;
  sealed: Sealed | null;
  /** Why the server refused it, in Chinese (never personal data: the server's message). */
  reason: string | null;
  /** What the server gave back (a case number, its status): kept after the content is wiped. */
  result: Record<string, unknown> | null;
}

export interface DeviceRecord<T = Record<string, unknown>> {
  id: string;
  seq: number;
  kind: string;
  state: RecordState;
  content: T | null;
  reason: string | null;
  result: Record<string, unknown> | null;
}

const toBase64 = (bytes: Uint8Array) => {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
};
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** The PIN's key: PBKDF2-SHA-256 over the PIN and the day's random salt, AES-GCM 256, not extractable. */
export async function deriveKey(pin: string, salt: Uint8Array, iterations = PBKDF2_ITERATIONS): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(pin), "PBKDF2", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "PBKDF2", hash: "SHA-256", salt: salt as BufferSource, iterations },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

export async function seal(key: CryptoKey, value: unknown): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv: iv as BufferSource },
    key,
    new TextEncoder().encode(JSON.stringify(value)),
  );
  return { iv: toBase64(iv), data: toBase64(new Uint8Array(data)) };
}

/** Throws (an OperationError) with the wrong key: AES-GCM authenticates what it decrypts. */
export async function open<T>(key: CryptoKey, sealed: Sealed): Promise<T> {
  const data = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromBase64(sealed.iv) as BufferSource },
    key,
    fromBase64(sealed.data) as BufferSource,
  );
  return JSON.parse(new TextDecoder().decode(data)) as T;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      db.createObjectStore("meta", { keyPath: "key" });
      db.createObjectStore("records", { keyPath: "id" });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export class WrongPinError extends Error {
  constructor() {
    super("PIN 不正确");
  }
}

/** The device's store: one village day at a time. */
export class VillageDevice {
  private constructor(private readonly db: IDBDatabase) {}

  static async open(): Promise<VillageDevice> {
    return new VillageDevice(await openDatabase());
  }

  close() {
    this.db.close();
  }

  private store(name: "meta" | "records", mode: IDBTransactionMode = "readonly") {
    return this.db.transaction(name, mode).objectStore(name);
  }

  /** What can be told without the PIN: is a day here, which, since when. */
  async summary(now = Date.now()): Promise<{ visitId: number; takenAt: number; isExpired: boolean } | null> {
    const day = (await request(this.store("meta").get("day"))) as DayRow | undefined;
    if (!day) return null;
    return { visitId: day.visitId, takenAt: day.takenAt, isExpired: now - day.takenAt >= WIPE_AFTER_MS };
  }

  /** Takes a day along under a new PIN: whatever was on the device before is wiped first. */
  async takeAlong<D>(input: { visitId: number; day: D; pin: string; now?: number }): Promise<CryptoKey> {
    if (!PIN_RULE.test(input.pin)) throw new Error("PIN 应为 6 到 12 位数字");
    await this.wipe();
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const key = await deriveKey(input.pin, salt);
    const row: DayRow = {
      key: "day",
      visitId: input.visitId,
      takenAt: input.now ?? Date.now(),
      salt: toBase64(salt),
      iterations: PBKDF2_ITERATIONS,
      sealed: await seal(key, input.day),
    };
    await request(this.store("meta", "readwrite").put(row));
    return key;
  }

  /** The key and the day for this PIN; WrongPinError when the PIN does not open the day. */
  async unlock<D>(pin: string): Promise<{ key: CryptoKey; day: D }> {
    const row = (await request(this.store("meta").get("day"))) as DayRow | undefined;
    if (!row) throw new Error("本机没有下村日数据");
    const key = await deriveKey(pin, fromBase64(row.salt), row.iterations);
    try {
      return { key, day: await open<D>(key, row.sealed) };
    } catch {
      throw new WrongPinError();
    }
  }

  /** A sealed side list (the walk-ins' order), by name. */
  async putSealed(key: CryptoKey, name: string, value: unknown) {
    // Seal first: an IndexedDB transaction ends when its task does, so no await may come between
    // opening it and writing.
    const sealed = await seal(key, value);
    await request(this.store("meta", "readwrite").put({ key: name, sealed }));
  }

  async getSealed<T>(key: CryptoKey, name: string): Promise<T | null> {
    const row = (await request(this.store("meta").get(name))) as { sealed: Sealed } | undefined;
    return row ? open<T>(key, row.sealed) : null;
  }

  /** A new record, sealed, after every other: records sync in this order. */
  async addRecord(key: CryptoKey, record: { id: string; kind: string; content: unknown }): Promise<void> {
    const all = (await request(this.store("records").getAll())) as RecordRow[];
    const row: RecordRow = {
      id: record.id,
      seq: all.reduce((max, r) => Math.max(max, r.seq), 0) + 1,
      kind: record.kind,
      state: "pending",
      sealed: await seal(key, record.content),
      reason: null,
      result: null,
    };
    await request(this.store("records", "readwrite").add(row));
  }

  /** Every record in order, opened with the key (a synced record's content is gone: null). */
  async listRecords<T>(key: CryptoKey): Promise<DeviceRecord<T>[]> {
    const rows = ((await request(this.store("records").getAll())) as RecordRow[]).sort((a, b) => a.seq - b.seq);
    return Promise.all(
      rows.map(async (r) => ({
        id: r.id,
        seq: r.seq,
        kind: r.kind,
        state: r.state,
        content: r.sealed ? await open<T>(key, r.sealed) : null,
        reason: r.reason,
        result: r.result,
      })),
    );
  }

  private async update(id: string, change: (row: RecordRow) => Promise<RecordRow> | RecordRow) {
    const row = (await request(this.store("records").get(id))) as RecordRow | undefined;
    if (!row) return;
    const next = await change(row);
    await request(this.store("records", "readwrite").put(next));
  }

  /** Synced: the server has it; the personal content is wiped from the device at once. */
  markSynced(id: string, result: Record<string, unknown>) {
    return this.update(id, (r) => ({ ...r, state: "synced", sealed: null, reason: null, result }));
  }

  /** Refused: kept, with the server's reason, until the clerk fixes or discards it. */
  markRefused(id: string, reason: string) {
    return this.update(id, (r) => ({ ...r, state: "refused", reason }));
  }

  /** Fixed by the clerk (or sent again as it is): pending again, in its place in the order. */
  replaceRecord(key: CryptoKey, id: string, content: unknown) {
    return this.update(id, async (r) => ({ ...r, state: "pending", reason: null, sealed: await seal(key, content) }));
  }

  async discardRecord(id: string) {
    await request(this.store("records", "readwrite").delete(id));
  }

  /** Everything off the device. */
  async wipe() {
    await request(this.store("meta", "readwrite").clear());
    await request(this.store("records", "readwrite").clear());
  }

  /** The 48-hour rule: true when the day was wiped now. */
  async wipeIfExpired(now = Date.now()): Promise<boolean> {
    const summary = await this.summary(now);
    if (!summary?.isExpired) return false;
    await this.wipe();
    return true;
  }
}
