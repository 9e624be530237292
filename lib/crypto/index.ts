import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { encryptionKey } from "@/lib/env";

// Invariant 6: phone and ID numbers are stored only as AES-256-GCM ciphertext, with an HMAC for
// look-up. Two keys are derived from ENCRYPTION_KEY so that the look-up hash never equals a
// value that could be used to decrypt.

let keys: { enc: Buffer; mac: Buffer } | undefined;

function derivedKeys() {
  if (!keys) {
    const master = encryptionKey();
    keys = {
      enc: Buffer.from(hkdfSync("sha256", master, "yichuang", "pii-encryption-v1", 32)),
      mac: Buffer.from(hkdfSync("sha256", master, "yichuang", "pii-lookup-v1", 32)),
    };
  }
  return keys;
}

/** `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
export function encryptPii(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", derivedKeys().enc, iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(
    ".",
  );
}

export function decryptPii(sealed: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("unknown ciphertext format");
  const decipher = createDecipheriv("aes-256-gcm", derivedKeys().enc, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

/** A keyed hash for equality look-up; `kind` keeps a phone and an ID number with equal digits apart. */
export function lookupHash(kind: "phone" | "id", value: string): string {
  return createHmac("sha256", derivedKeys().mac).update(`${kind}:${value.toUpperCase()}`).digest("base64url");
}

/**
 * The fingerprint of a request that came with an Idempotency-Key: a retry with the same key must
 * carry the same body. Keyed like `lookupHash`: the request holds a name, a phone and an ID number,
 * and an unkeyed hash of them beside the masked phone gives the phone back in 10^4 guesses.
 */
export function requestFingerprint(parts: readonly unknown[]): string {
  return createHmac("sha256", derivedKeys().mac)
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

/** A one-time SMS code's keyed hash, bound to the phone it was sent to. */
export function phoneCodeHash(phoneHash: string, code: string): string {
  return createHmac("sha256", derivedKeys().mac).update(`phone-code:${phoneHash}:${code}`).digest("base64url");
}
