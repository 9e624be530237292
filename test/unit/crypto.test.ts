import { describe, expect, it } from "vitest";
import { decryptPii, encryptPii, lookupHash, maskIdNumber, maskPhone, sealIdNumber, sealPhone } from "@/lib/crypto";

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
    parts[3] = Buffer.from("x".repeat(18)).toString("base64url");
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
});
