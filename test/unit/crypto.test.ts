import { describe, expect, it } from "vitest";
import {
  ciphertextKeyId,
  decryptPii,
  encryptPii,
  keyFingerprint,
  lookupHash,
  lookupHashes,
  piiKeys,
  maskIdNumber,
  maskPhone,
  sealIdNumber,
  sealPhone,
} from "@/lib/crypto";

describe("personal data", () => {
  it("encrypts with a fresh nonce and decrypts back", () => {
    const a = encryptPii("13800138000");
    const b = encryptPii("13800138000");
    expect(a).not.toBe(b);
    expect(a).not.toContain("13800138000");
    expect(decryptPii(a)).toBe("13800138000");
  });

  it("refuses a tampered ciphertext", () => {
    const sealed = encryptPii("330185199001011234");
    const parts = sealed.split(".");
    parts[4] = Buffer.from("x".repeat(18)).toString("base64url");
    expect(() => decryptPii(parts.join("."))).toThrow();
  });

  it("hashes for look-up: stable, keyed by kind, case-insensitive for the X check digit", () => {
    expect(lookupHash("phone", "13800138000")).toBe(lookupHash("phone", "13800138000"));
    expect(lookupHash("phone", "13800138000")).not.toBe(lookupHash("id", "13800138000"));
    expect(lookupHash("id", "33018519900101123x")).toBe(lookupHash("id", "33018519900101123X"));
  });

  it("masks as the design says", () => {
    expect(maskPhone("13800138000")).toBe("138****8000");
    expect(maskIdNumber("330185199001011234")).toBe("330185********1234");
    expect(sealPhone("13800138000").phoneMasked).toBe("138****8000");
    expect(sealIdNumber(null).idNumberEnc).toBeNull();
    expect(sealIdNumber("33018519900101123x").idNumberMasked).toBe("330185********123X");
  });

  it("names the key a value is sealed under by its fingerprint, which is not the key", () => {
    const sealed = encryptPii("13800138000");
    expect(sealed.startsWith("v2.")).toBe(true);
    expect(ciphertextKeyId(sealed)).toBe(piiKeys().current.id);
    const master = Buffer.from(process.env.ENCRYPTION_KEY!, "hex");
    expect(keyFingerprint(master)).toBe(piiKeys().current.id);
    expect(keyFingerprint(master)).toMatch(/^[0-9a-f]{16}$/);
    expect(process.env.ENCRYPTION_KEY).not.toContain(keyFingerprint(master));
    expect(keyFingerprint(Buffer.alloc(32, 1))).not.toBe(keyFingerprint(master));
    // Without ENCRYPTION_KEY_PREVIOUS a look-up matches the current key's hash alone.
    expect(lookupHashes("phone", "13800138000")).toEqual([lookupHash("phone", "13800138000")]);
  });

  it("refuses a value under a key it does not have, naming the key", () => {
    const parts = encryptPii("13800138000").split(".");
    parts[1] = "0123456789abcdef";
    expect(() => decryptPii(parts.join("."))).toThrow(/key 0123456789abcdef, which is neither ENCRYPTION_KEY/);
  });
});
