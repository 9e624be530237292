import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { encryptionKey, previousEncryptionKey } from "@/lib/env";

// Invariant 6: phone and ID numbers are stored only as AES-256-GCM ciphertext, with an HMAC for
// look-up. Two keys are derived from ENCRYPTION_KEY so that the look-up hash never equals a
// value that could be used to decrypt.
//
// Key rotation (`npm run rotate-key`, lib/crypto/rotate-key.ts): ENCRYPTION_KEY is the new key and
// ENCRYPTION_KEY_PREVIOUS the old one. New values are written under the new key only; each
// ciphertext names its key (`keyId`), so a value is decrypted with the key it was made with; and a
// look-up matches the hash under either key (`lookupHashes`) until the command has re-encrypted and
// re-hashed every row and the operator removes ENCRYPTION_KEY_PREVIOUS.

export interface PiiKey {
  /** A fingerprint of the master key, never the key: it names the key in ciphertexts and backups. */
  id: string;
  enc: Buffer;
  mac: Buffer;
}

function deriveKey(master: Buffer): PiiKey {
  return {
    id: keyFingerprint(master),
    enc: Buffer.from(hkdfSync("sha256", master, "yichuang", "pii-encryption-v1", 32)),
    mac: Buffer.from(hkdfSync("sha256", master, "yichuang", "pii-lookup-v1", 32)),
  };
}

/** 16 hex digits that tell keys apart: an HMAC of a fixed string under a third key derived from the master. */
export function keyFingerprint(master: Buffer): string {
  const key = Buffer.from(hkdfSync("sha256", master, "yichuang", "key-fingerprint-v1", 32));
  return createHmac("sha256", key).update("yichuang encryption key").digest("hex").slice(0, 16);
}

let ring: { current: PiiKey; previous?: PiiKey } | undefined;

/** The key values are written under, and the one a rotation is moving away from (if any). */
export function piiKeys(): { current: PiiKey; previous?: PiiKey } {
  if (!ring) {
    const previous = previousEncryptionKey();
    ring = { current: deriveKey(encryptionKey()), ...(previous ? { previous: deriveKey(previous) } : {}) };
  }
  return ring;
}

const allKeys = () => {
  const { current, previous } = piiKeys();
  return previous ? [current, previous] : [current];
};

/** `v2.<keyId>.<iv>.<tag>.<ciphertext>`, base64url parts. */
export function encryptPii(plain: string): string {
  const key = piiKeys().current;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.enc, iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [
    "v2",
    key.id,
    iv.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
    body.toString("base64url"),
  ].join(".");
}

/** The id of the key a ciphertext was made with; null for the first format (`v1.`), which names none. */
export function ciphertextKeyId(sealed: string): string | null {
  return sealed.startsWith("v2.") ? sealed.split(".")[1] : null;
}

function open(key: PiiKey, iv: string, tag: string, body: string): string {
  const decipher = createDecipheriv("aes-256-gcm", key.enc, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

export function decryptPii(sealed: string): string {
  const parts = sealed.split(".");
  if (parts[0] === "v2" && parts.length === 5) {
    const key = allKeys().find((k) => k.id === parts[1]);
    if (!key)
      throw new Error(
        `ciphertext under key ${parts[1]}, which is neither ENCRYPTION_KEY (${piiKeys().current.id}) nor ENCRYPTION_KEY_PREVIOUS`,
      );
    return open(key, parts[2], parts[3], parts[4]);
  }
  // v1 (before key ids): under whichever key authenticates it.
  const [version, iv, tag, body] = parts;
  if (version !== "v1" || !iv || !tag || body === undefined || parts.length !== 4)
    throw new Error("unknown ciphertext format");
  const keys = allKeys();
  for (const [i, key] of keys.entries()) {
    try {
      return open(key, iv, tag, body);
    } catch (error) {
      if (i === keys.length - 1) throw error;
    }
  }
  throw new Error("unreachable");
}

function hashUnder(key: PiiKey, kind: "phone" | "id", value: string) {
  return createHmac("sha256", key.mac).update(`${kind}:${value.toUpperCase()}`).digest("base64url");
}

/** A keyed hash for equality look-up; `kind` keeps a phone and an ID number with equal digits apart. */
export function lookupHash(kind: "phone" | "id", value: string): string {
  return hashUnder(piiKeys().current, kind, value);
}

/**
 * The value's look-up hashes under every key in use: the current key's, and during a rotation the
 * previous key's, for finding rows the rotation has not reached yet (`inArray(column, …)`).
 */
export function lookupHashes(kind: "phone" | "id", value: string): string[] {
  return allKeys().map((key) => hashUnder(key, kind, value));
}

/**
 * The fingerprint of a request that came with an Idempotency-Key: a retry with the same key must
 * carry the same body. Keyed like `lookupHash`: the request holds a name, a phone and an ID number,
 * and an unkeyed hash of them beside the masked phone gives the phone back in 10^4 guesses.
 */
export function requestFingerprint(parts: readonly unknown[]): string {
  return createHmac("sha256", piiKeys().current.mac)
    .update(`request:${JSON.stringify(parts)}`)
    .digest("base64url");
}

/** 13800138000 → 138****8000 */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : "****";
}

/** 张小明 → 张*明, 张明 → 张* */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return "*";
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${"*".repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** 330185199001011234 → 330185********1234 */
export function maskIdNumber(idNumber: string): string {
  return idNumber.length >= 10
    ? `${idNumber.slice(0, 6)}${"*".repeat(idNumber.length - 10)}${idNumber.slice(-4)}`
    : "****";
}

/** Everything a table needs to hold one phone number. */
export function sealPhone(phone: string) {
  return { phoneEnc: encryptPii(phone), phoneHash: lookupHash("phone", phone), phoneMasked: maskPhone(phone) };
}

export function sealIdNumber(idNumber: string | null | undefined) {
  if (!idNumber) return { idNumberEnc: null, idNumberHash: null, idNumberMasked: null };
  const normalized = idNumber.toUpperCase();
  return {
    idNumberEnc: encryptPii(normalized),
    idNumberHash: lookupHash("id", normalized),
    idNumberMasked: maskIdNumber(normalized),
  };
}

function codeHashUnder(key: PiiKey, phoneHash: string, code: string) {
  return createHmac("sha256", key.mac).update(`phone-code:${phoneHash}:${code}`).digest("base64url");
}

/** A one-time SMS code's keyed hash, bound to the phone it was sent to. */
export function phoneCodeHash(phoneHash: string, code: string): string {
  return codeHashUnder(piiKeys().current, phoneHash, code);
}

/** A phone's code hashes under every key in use, each bound to the phone's hash under the same key. */
export function phoneCodeHashes(phone: string, code: string): string[] {
  return allKeys().map((key) => codeHashUnder(key, hashUnder(key, "phone", phone), code));
}
